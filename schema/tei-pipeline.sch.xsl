<?xml version='1.0' encoding='UTF-8'?>
<axsl:stylesheet xmlns:axsl="http://www.w3.org/1999/XSL/Transform" xmlns:sch="http://www.ascc.net/xml/schematron" xmlns:iso="http://purl.oclc.org/dsdl/schematron" xmlns:tei="http://www.tei-c.org/ns/1.0" xmlns:tp="urn:x-tei-pipeline:compiled" tp:source-crc32="6db44e72-9809-c2" version="1.0"><!-- Compiled from tei-pipeline.sch by `python -m pipeline.validation.schematron RULES.sch`: edit the rules, not this file. --><!--Implementers: please note that overriding process-prolog or process-root is 
    the preferred method for meta-stylesheets to use where possible. -->
<axsl:param name="archiveDirParameter"/><axsl:param name="archiveNameParameter"/><axsl:param name="fileNameParameter"/><axsl:param name="fileDirParameter"/>

<!--PHASES-->


<!--PROLOG-->
<axsl:output xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:svrl="http://purl.oclc.org/dsdl/svrl" method="xml" omit-xml-declaration="no" standalone="yes" indent="yes"/>

<!--KEYS-->
<axsl:key name="ids" match="*[@xml:id]" use="@xml:id"/>

<!--DEFAULT RULES-->


<!--MODE: SCHEMATRON-SELECT-FULL-PATH-->
<!--This mode can be used to generate an ugly though full XPath for locators-->
<axsl:template match="*" mode="schematron-select-full-path"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:template>

<!--MODE: SCHEMATRON-FULL-PATH-->
<!--This mode can be used to generate an ugly though full XPath for locators-->
<axsl:template match="*" mode="schematron-get-full-path"><axsl:apply-templates select="parent::*" mode="schematron-get-full-path"/><axsl:text>/</axsl:text><axsl:choose><axsl:when test="namespace-uri()=''"><axsl:value-of select="name()"/><axsl:variable name="p_1" select="1+    count(preceding-sibling::*[name()=name(current())])"/><axsl:if test="$p_1&gt;1 or following-sibling::*[name()=name(current())]">[<axsl:value-of select="$p_1"/>]</axsl:if></axsl:when><axsl:otherwise><axsl:text>*[local-name()='</axsl:text><axsl:value-of select="local-name()"/><axsl:text>' and namespace-uri()='</axsl:text><axsl:value-of select="namespace-uri()"/><axsl:text>']</axsl:text><axsl:variable name="p_2" select="1+   count(preceding-sibling::*[local-name()=local-name(current())])"/><axsl:if test="$p_2&gt;1 or following-sibling::*[local-name()=local-name(current())]">[<axsl:value-of select="$p_2"/>]</axsl:if></axsl:otherwise></axsl:choose></axsl:template><axsl:template match="@*" mode="schematron-get-full-path"><axsl:apply-templates select="parent::*" mode="schematron-get-full-path"/><axsl:text>/</axsl:text><axsl:choose><axsl:when test="namespace-uri()=''">@<axsl:value-of select="name()"/></axsl:when><axsl:otherwise><axsl:text>@*[local-name()='</axsl:text><axsl:value-of select="local-name()"/><axsl:text>' and namespace-uri()='</axsl:text><axsl:value-of select="namespace-uri()"/><axsl:text>']</axsl:text></axsl:otherwise></axsl:choose></axsl:template>

<!--MODE: SCHEMATRON-FULL-PATH-2-->
<!--This mode can be used to generate prefixed XPath for humans-->
<axsl:template match="node() | @*" mode="schematron-get-full-path-2"><axsl:for-each select="ancestor-or-self::*"><axsl:text>/</axsl:text><axsl:value-of select="name(.)"/><axsl:if test="preceding-sibling::*[name(.)=name(current())]"><axsl:text>[</axsl:text><axsl:value-of select="count(preceding-sibling::*[name(.)=name(current())])+1"/><axsl:text>]</axsl:text></axsl:if></axsl:for-each><axsl:if test="not(self::*)"><axsl:text/>/@<axsl:value-of select="name(.)"/></axsl:if></axsl:template>

<!--MODE: GENERATE-ID-FROM-PATH -->
<axsl:template match="/" mode="generate-id-from-path"/><axsl:template match="text()" mode="generate-id-from-path"><axsl:apply-templates select="parent::*" mode="generate-id-from-path"/><axsl:value-of select="concat('.text-', 1+count(preceding-sibling::text()), '-')"/></axsl:template><axsl:template match="comment()" mode="generate-id-from-path"><axsl:apply-templates select="parent::*" mode="generate-id-from-path"/><axsl:value-of select="concat('.comment-', 1+count(preceding-sibling::comment()), '-')"/></axsl:template><axsl:template match="processing-instruction()" mode="generate-id-from-path"><axsl:apply-templates select="parent::*" mode="generate-id-from-path"/><axsl:value-of select="concat('.processing-instruction-', 1+count(preceding-sibling::processing-instruction()), '-')"/></axsl:template><axsl:template match="@*" mode="generate-id-from-path"><axsl:apply-templates select="parent::*" mode="generate-id-from-path"/><axsl:value-of select="concat('.@', name())"/></axsl:template><axsl:template match="*" mode="generate-id-from-path" priority="-0.5"><axsl:apply-templates select="parent::*" mode="generate-id-from-path"/><axsl:text>.</axsl:text><axsl:value-of select="concat('.',name(),'-',1+count(preceding-sibling::*[name()=name(current())]),'-')"/></axsl:template><!--MODE: SCHEMATRON-FULL-PATH-3-->
<!--This mode can be used to generate prefixed XPath for humans 
	(Top-level element has index)-->
<axsl:template match="node() | @*" mode="schematron-get-full-path-3"><axsl:for-each select="ancestor-or-self::*"><axsl:text>/</axsl:text><axsl:value-of select="name(.)"/><axsl:if test="parent::*"><axsl:text>[</axsl:text><axsl:value-of select="count(preceding-sibling::*[name(.)=name(current())])+1"/><axsl:text>]</axsl:text></axsl:if></axsl:for-each><axsl:if test="not(self::*)"><axsl:text/>/@<axsl:value-of select="name(.)"/></axsl:if></axsl:template>

<!--MODE: GENERATE-ID-2 -->
<axsl:template match="/" mode="generate-id-2">U</axsl:template><axsl:template match="*" mode="generate-id-2" priority="2"><axsl:text>U</axsl:text><axsl:number level="multiple" count="*"/></axsl:template><axsl:template match="node()" mode="generate-id-2"><axsl:text>U.</axsl:text><axsl:number level="multiple" count="*"/><axsl:text>n</axsl:text><axsl:number count="node()"/></axsl:template><axsl:template match="@*" mode="generate-id-2"><axsl:text>U.</axsl:text><axsl:number level="multiple" count="*"/><axsl:text>_</axsl:text><axsl:value-of select="string-length(local-name(.))"/><axsl:text>_</axsl:text><axsl:value-of select="translate(name(),':','.')"/></axsl:template><!--Strip characters--><axsl:template match="text()" priority="-1"/>

<!--SCHEMA METADATA-->
<axsl:template match="/"><svrl:schematron-output xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" title="tei-pipeline editorial rules" schemaVersion=""><axsl:comment><axsl:value-of select="$archiveDirParameter"/>   
		 <axsl:value-of select="$archiveNameParameter"/>  
		 <axsl:value-of select="$fileNameParameter"/>  
		 <axsl:value-of select="$fileDirParameter"/></axsl:comment><svrl:ns-prefix-in-attribute-values uri="http://www.tei-c.org/ns/1.0" prefix="tei"/><svrl:active-pattern><axsl:attribute name="id">attributes</axsl:attribute><axsl:attribute name="name">attributes</axsl:attribute><axsl:apply-templates/></svrl:active-pattern><axsl:apply-templates select="/" mode="M6"/><svrl:active-pattern><axsl:attribute name="id">elements</axsl:attribute><axsl:attribute name="name">elements</axsl:attribute><axsl:apply-templates/></svrl:active-pattern><axsl:apply-templates select="/" mode="M7"/></svrl:schematron-output></axsl:template>

<!--SCHEMATRON PATTERNS-->
<svrl:text xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema">tei-pipeline editorial rules</svrl:text><axsl:param name="authority-uri" select="''"/><axsl:param name="authority-ids" select="''"/><axsl:param name="extent-tolerance" select="0.1"/>

<!--PATTERN attributes-->


	<!--RULE -->
<axsl:template match="*[@xml:id] | tei:*[@ref or @resp or @target or @when or @notBefore or @notAfter] | tei:date[@from or @to] | tei:birth[@from or @to] | tei:death[@from or @to]" priority="1000" mode="M6"><axsl:variable name="file" select="substring-before(@ref, '#')"/><axsl:variable name="key" select="substring-after(@ref, '#')"/><axsl:variable name="known" select="$authority-ids != '' and $file != ''"/><axsl:variable name="uri" select="substring(concat($authority-uri, substring($file, 1 div ($authority-uri = ''))), 1 div not($known))"/><axsl:variable name="list" select="document($uri, /)[$file != '' and not($known)]"/><axsl:variable name="entry" select="document(substring(concat($uri, substring(concat('#', $key), 1 div ($key != ''))), 1 div not($known)), /)[$file != '' and $key != '' and not($known)]"/><axsl:variable name="bad" select="(@when | @notBefore | @notAfter | self::tei:date/@from | self::tei:date/@to | self::tei:birth/@from | self::tei:birth/@to | self::tei:death/@from | self::tei:death/@to)[not(           (translate(., '0123456789', '9999999999') = '9999' or translate(., '0123456789', '9999999999') = '9999-99' or translate(., '0123456789', '9999999999') = '9999-99-99')           and (string-length(.) = 4 or (number(substring(., 6, 2)) &gt;= 1 and number(substring(., 6, 2)) &lt;= 12))           and (string-length(.) &lt; 10 or (number(substring(., 9, 2)) &gt;= 1 and number(substring(., 9, 2)) &lt;=                30 + number(contains('|01|03|05|07|08|10|12|', concat('|', substring(., 6, 2), '|')))                - number(substring(., 6, 2) = '02') * (2 - number((substring(., 1, 4) mod 4 = 0 and substring(., 1, 4) mod 100 != 0) or substring(., 1, 4) mod 400 = 0)))))]"/>

		<!--ASSERT error-->
<axsl:choose><axsl:when test="not(@ref) or contains(@ref, '#')"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="not(@ref) or contains(@ref, '#')"><axsl:attribute name="id">ref-form</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>@ref="<axsl:text/><axsl:value-of select="@ref"/><axsl:text/>" is not a pointer: write it as authority.xml#ID (an entry of the authority list) or #ID (an xml:id in this file).</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose>

		<!--ASSERT error-->
<axsl:choose><axsl:when test="not(@ref) or not(contains(@ref, '#')) or ($file = '' and key('ids', $key)) or ($known and not(contains($key, ' ')) and contains($authority-ids, concat(' ', $key, ' '))) or (not($known) and $file != '' and (not($list) or $list/unreadable)) or $entry or $list//*[@xml:id = $key]"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="not(@ref) or not(contains(@ref, '#')) or ($file = '' and key('ids', $key)) or ($known and not(contains($key, ' ')) and contains($authority-ids, concat(' ', $key, ' '))) or (not($known) and $file != '' and (not($list) or $list/unreadable)) or $entry or $list//*[@xml:id = $key]"><axsl:attribute name="id">ref-resolves</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>@ref="<axsl:text/><axsl:value-of select="@ref"/><axsl:text/>" does not resolve: there is no entry with xml:id="<axsl:text/><axsl:value-of select="$key"/><axsl:text/>" in <axsl:text/><axsl:value-of select="$file"/><axsl:text/>. Add the entry to the authority list or correct the pointer.</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose>

		<!--ASSERT error-->
<axsl:choose><axsl:when test="not(@ref) or not(contains(@ref, '#')) or $file = '' or $known or ($list and not($list/unreadable))"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="not(@ref) or not(contains(@ref, '#')) or $file = '' or $known or ($list and not($list/unreadable))"><axsl:attribute name="id">authority-missing</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>@ref="<axsl:text/><axsl:value-of select="@ref"/><axsl:text/>" names the authority file <axsl:text/><axsl:value-of select="$file"/><axsl:text/>, which cannot be read: create it next to this document or pass its path with --authority.</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose>

		<!--ASSERT error-->
<axsl:choose><axsl:when test="not(starts-with(@resp, '#')) or contains(normalize-space(@resp), ' ') or key('ids', substring-after(@resp, '#'))"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="not(starts-with(@resp, '#')) or contains(normalize-space(@resp), ' ') or key('ids', substring-after(@resp, '#'))"><axsl:attribute name="id">resp-resolves</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>@resp="<axsl:text/><axsl:value-of select="@resp"/><axsl:text/>" does not resolve: add a respStmt with xml:id="<axsl:text/><axsl:value-of select="substring-after(@resp, '#')"/><axsl:text/>" to the titleStmt or correct the pointer.</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose>

		<!--ASSERT error-->
<axsl:choose><axsl:when test="not(starts-with(@target, '#')) or contains(normalize-space(@target), ' ') or key('ids', substring-after(@target, '#'))"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="not(starts-with(@target, '#')) or contains(normalize-space(@target), ' ') or key('ids', substring-after(@target, '#'))"><axsl:attribute name="id">target-resolves</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>@target="<axsl:text/><axsl:value-of select="@target"/><axsl:text/>" does not resolve: no element has xml:id="<axsl:text/><axsl:value-of select="substring-after(@target, '#')"/><axsl:text/>". Add the note (or anchor) or correct the pointer.</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose>

		<!--ASSERT error-->
<axsl:choose><axsl:when test="not(@xml:id) or generate-id(key('ids', @xml:id)[1]) = generate-id(.)"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="not(@xml:id) or generate-id(key('ids', @xml:id)[1]) = generate-id(.)"><axsl:attribute name="id">id-unique</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>xml:id="<axsl:text/><axsl:value-of select="@xml:id"/><axsl:text/>" is already used on an earlier element: every xml:id must be unique; rename this one and update the pointers to it.</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose>

		<!--ASSERT error-->
<axsl:choose><axsl:when test="not($bad)"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="not($bad)"><axsl:attribute name="id">date-iso</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>@<axsl:text/><axsl:value-of select="name($bad[1])"/><axsl:text/>="<axsl:text/><axsl:value-of select="$bad[1]"/><axsl:text/>" is not an ISO date: write YYYY, YYYY-MM or YYYY-MM-DD with a real month and day (e.g. 1923-04-17).</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose><axsl:apply-templates select="*" mode="M6"/></axsl:template><axsl:template match="text()" priority="-1" mode="M6"/><axsl:template match="@*|node()" priority="-2" mode="M6"><axsl:apply-templates select="*" mode="M6"/></axsl:template>

<!--PATTERN elements-->


	<!--RULE -->
<axsl:template match="tei:choice" priority="1006" mode="M7">

		<!--ASSERT error-->
<axsl:choose><axsl:when test="count(*) = 2 and ((tei:sic and tei:corr) or (tei:orig and tei:reg) or (tei:abbr and tei:expan))"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="count(*) = 2 and ((tei:sic and tei:corr) or (tei:orig and tei:reg) or (tei:abbr and tei:expan))"><axsl:attribute name="id">choice-pair</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>choice must hold one pair, sic with corr, orig with reg, or abbr with expan (it holds <axsl:text/><axsl:value-of select="count(*)"/><axsl:text/> element<axsl:text/><axsl:value-of select="substring('s', 1 div (count(*) != 1))"/><axsl:text/>, the first a <axsl:text/><axsl:value-of select="local-name(*[1])"/><axsl:text/>): add the missing half, or remove the choice and keep one reading.</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose><axsl:apply-templates select="*" mode="M7"/></axsl:template>

	<!--RULE -->
<axsl:template match="tei:corr" priority="1005" mode="M7">

		<!--ASSERT error-->
<axsl:choose><axsl:when test="@resp"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="@resp"><axsl:attribute name="id">corr-resp</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>corr "<axsl:text/><axsl:value-of select="normalize-space(.)"/><axsl:text/>" does not say who made the correction: add resp="#editor" (the respStmt of the editors).</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose><axsl:apply-templates select="*" mode="M7"/></axsl:template>

	<!--RULE -->
<axsl:template match="tei:p" priority="1004" mode="M7">

		<!--ASSERT error-->
<axsl:choose><axsl:when test="normalize-space(.) != '' or .//tei:gap"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="normalize-space(.) != '' or .//tei:gap"><axsl:attribute name="id">p-empty</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>empty paragraph: delete the p element or give it text.</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose><axsl:apply-templates select="*" mode="M7"/></axsl:template>

	<!--RULE -->
<axsl:template match="tei:head" priority="1003" mode="M7">

		<!--ASSERT error-->
<axsl:choose><axsl:when test="normalize-space(.) != '' or .//tei:gap"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="normalize-space(.) != '' or .//tei:gap"><axsl:attribute name="id">head-empty</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>empty heading: delete the head element or give it text.</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose><axsl:apply-templates select="*" mode="M7"/></axsl:template>

	<!--RULE -->
<axsl:template match="tei:biblScope[@from and @to]" priority="1002" mode="M7">

		<!--ASSERT error-->
<axsl:choose><axsl:when test="string(number(@from)) = 'NaN' or string(number(@to)) = 'NaN' or number(@from) &lt;= number(@to)"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="string(number(@from)) = 'NaN' or string(number(@to)) = 'NaN' or number(@from) &lt;= number(@to)"><axsl:attribute name="id">biblscope-range</axsl:attribute><axsl:attribute name="role">error</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>biblScope runs backwards (from="<axsl:text/><axsl:value-of select="@from"/><axsl:text/>", to="<axsl:text/><axsl:value-of select="@to"/><axsl:text/>"): @from must not exceed @to; swap them or correct the range.</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose><axsl:apply-templates select="*" mode="M7"/></axsl:template>

	<!--RULE -->
<axsl:template match="/tei:TEI[tei:text/tei:body]/tei:teiHeader/tei:fileDesc/tei:extent/tei:measure[@unit = 'words']" priority="1001" mode="M7"><axsl:variable name="t" select="normalize-space(/tei:TEI/tei:text/tei:body)"/><axsl:variable name="counted" select="string-length($t) - string-length(translate($t, ' ', '')) + number($t != '')"/><axsl:variable name="stated" select="number(@quantity)"/>

		<!--ASSERT warning-->
<axsl:choose><axsl:when test="string($stated) = 'NaN' or ($counted - $stated &lt;= $stated * $extent-tolerance and $stated - $counted &lt;= $stated * $extent-tolerance)"/><axsl:otherwise><svrl:failed-assert xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="string($stated) = 'NaN' or ($counted - $stated &lt;= $stated * $extent-tolerance and $stated - $counted &lt;= $stated * $extent-tolerance)"><axsl:attribute name="id">extent-words</axsl:attribute><axsl:attribute name="role">warning</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>the extent states <axsl:text/><axsl:value-of select="@quantity"/><axsl:text/> words but the body has about <axsl:text/><axsl:value-of select="$counted"/><axsl:text/> (tolerance <axsl:text/><axsl:value-of select="$extent-tolerance * 100"/><axsl:text/>%): check that no text was lost, or correct the count.</svrl:text></svrl:failed-assert></axsl:otherwise></axsl:choose><axsl:apply-templates select="*" mode="M7"/></axsl:template>

	<!--RULE -->
<axsl:template match="tei:persName[@resp = '#ner'] | tei:placeName[@resp = '#ner'] | tei:orgName[@resp = '#ner'] | tei:name[@resp = '#ner']" priority="1000" mode="M7">

		<!--REPORT warning-->
<axsl:if test="true()"><svrl:successful-report xmlns:svrl="http://purl.oclc.org/dsdl/svrl" xmlns:xs="http://www.w3.org/2001/XMLSchema" test="true()"><axsl:attribute name="id">entity-unreviewed</axsl:attribute><axsl:attribute name="role">warning</axsl:attribute><axsl:attribute name="location"><axsl:apply-templates select="." mode="schematron-get-full-path"/></axsl:attribute><svrl:text>machine-suggested <axsl:text/><axsl:value-of select="local-name()"/><axsl:text/> "<axsl:text/><axsl:value-of select="normalize-space(.)"/><axsl:text/>" is still unreviewed: link it to the authority list (set @ref, remove @cert and @resp) or unwrap it if it is not a name.</svrl:text></svrl:successful-report></axsl:if><axsl:apply-templates select="*" mode="M7"/></axsl:template><axsl:template match="text()" priority="-1" mode="M7"/><axsl:template match="@*|node()" priority="-2" mode="M7"><axsl:apply-templates select="*" mode="M7"/></axsl:template><axsl:template match="text()" mode="schematron-get-full-path"><axsl:apply-templates select="parent::*" mode="schematron-get-full-path"/><axsl:text>/text()[</axsl:text><axsl:value-of select="1 + count(preceding-sibling::text())"/><axsl:text>]</axsl:text></axsl:template></axsl:stylesheet>
