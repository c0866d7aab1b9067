<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI P5 to plain text (XSLT 1.0): the reading text (corrections applied) or
  the diplomatic text (as transcribed), chosen by the one parameter `view`.

  One template per TEI element; anything else falls through to its content,
  so no text of the `text` element is lost. Only the `text` element is
  rendered: the teiHeader is metadata, not text.

  The stylesheet emits lines, not layout: each block starts on a new line, a
  blank line separates blocks, whitespace inside text nodes becomes spaces.
  Two markers at the start of a line carry structure to the Python side,
  which collapses spaces, wraps and underlines:
    TAB     one level of indentation (lists inside lists);
    CR = / CR -   the line is a title / a heading.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:r="urn:tei-pipeline:render"
    exclude-result-prefixes="tei r">

  <xsl:include href="common.xsl"/>

  <xsl:output method="text" encoding="UTF-8"/>

  <!-- "reading": corr/reg/expan; "diplomatic": sic/orig/abbr -->
  <xsl:param name="view" select="'reading'"/>

  <xsl:variable name="texts" select="//tei:text[not(ancestor::tei:text)]"/>

  <xsl:template match="/">
    <xsl:choose>
      <xsl:when test="$texts"><xsl:apply-templates select="$texts"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates select="/*"/></xsl:otherwise>
    </xsl:choose>
    <xsl:text>&#10;</xsl:text>
  </xsl:template>

  <xsl:template match="tei:teiHeader"/>

  <xsl:template match="text()">
    <xsl:value-of select="translate(., '&#9;&#10;&#13;', '   ')"/>
  </xsl:template>

  <!-- ===== blocks ======================================================= -->
  <xsl:template name="block">
    <xsl:call-template name="nl2"/>
    <xsl:call-template name="indent"/>
    <xsl:apply-templates/>
    <xsl:call-template name="nl2"/>
  </xsl:template>

  <!-- Line breaks, unless inside a note kept in running text: there the
       note's paragraphs and verse lines run on between its brackets. -->
  <xsl:template name="nl">
    <xsl:choose>
      <xsl:when test="ancestor::tei:note[not(parent::tei:div or parent::tei:div1 or parent::tei:div2
                      or parent::tei:div3 or parent::tei:div4 or parent::tei:div5 or parent::tei:div6
                      or parent::tei:div7 or parent::tei:body or parent::tei:back or parent::tei:front
                      or parent::tei:listNote or parent::tei:noteGrp or parent::tei:lg or parent::tei:sp)]">
        <xsl:text> </xsl:text>
      </xsl:when>
      <xsl:otherwise><xsl:text>&#10;</xsl:text></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="nl2">
    <xsl:call-template name="nl"/>
    <xsl:call-template name="nl"/>
  </xsl:template>

  <!-- One level per enclosing list item, block quotation or epigraph. -->
  <xsl:template name="indent">
    <xsl:value-of select="substring('&#9;&#9;&#9;&#9;&#9;&#9;&#9;&#9;&#9;&#9;&#9;&#9;', 1,
        count(ancestor::tei:item | ancestor-or-self::tei:quote[not(ancestor::tei:p)] | ancestor::tei:epigraph))"/>
  </xsl:template>

  <!-- The reasons of the editor's corrections: words of the reading, not of the transcription. -->
  <xsl:template match="tei:back/tei:div[@type = 'corrections']">
    <xsl:if test="$view != 'diplomatic'"><xsl:call-template name="block"/></xsl:if>
  </xsl:template>

  <xsl:template match="tei:text | tei:front | tei:body | tei:back | tei:group
                     | tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7
                     | tei:p | tei:ab | tei:lg | tei:sp | tei:list | tei:table | tei:figure
                     | tei:closer | tei:opener | tei:signed | tei:salute | tei:dateline | tei:byline
                     | tei:trailer | tei:epigraph | tei:argument | tei:postscript
                     | tei:docAuthor | tei:docDate | tei:docImprint | tei:docEdition | tei:titlePage
                     | tei:castList | tei:castGroup | tei:listBibl/tei:bibl | tei:fw | tei:figDesc
                     | tei:sp/tei:stage | tei:div/tei:stage | tei:body/tei:stage | tei:lg/tei:stage">
    <xsl:call-template name="block"/>
  </xsl:template>

  <xsl:template match="tei:head | tei:docTitle/tei:titlePart | tei:titlePage/tei:titlePart">
    <xsl:call-template name="nl2"/>
    <xsl:call-template name="indent"/>
    <xsl:choose>
      <xsl:when test="ancestor::tei:note"/>
      <xsl:when test="self::tei:titlePart">&#13;=</xsl:when>
      <xsl:otherwise>&#13;-</xsl:otherwise>
    </xsl:choose>
    <xsl:apply-templates/>
    <xsl:call-template name="nl2"/>
  </xsl:template>

  <!-- A list inside an item continues the item's lines, one level deeper. -->
  <xsl:template match="tei:item/tei:list">
    <xsl:apply-templates/>
  </xsl:template>

  <!-- An item's marker: its text's own (r:labelled, see blocks.py), else
       its @n, else a dash. -->
  <xsl:template match="tei:item">
    <xsl:if test="not(preceding-sibling::*[1][self::tei:label])">
      <xsl:call-template name="nl"/>
      <xsl:call-template name="indent"/>
      <xsl:choose>
        <xsl:when test="@r:labelled"/>
        <xsl:when test="@n"><xsl:value-of select="@n"/><xsl:text> </xsl:text></xsl:when>
        <xsl:otherwise>- </xsl:otherwise>
      </xsl:choose>
    </xsl:if>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:list/tei:label">
    <xsl:call-template name="nl"/>
    <xsl:call-template name="indent"/>
    <xsl:apply-templates/>
    <xsl:text> </xsl:text>
  </xsl:template>

  <!-- A speech follows its speaker on the next line. -->
  <xsl:template match="tei:sp/tei:p | tei:sp/tei:ab">
    <xsl:call-template name="nl"/>
    <xsl:apply-templates/>
    <xsl:call-template name="nl2"/>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <xsl:call-template name="nl2"/>
    <xsl:apply-templates/>
    <xsl:call-template name="nl"/>
  </xsl:template>

  <xsl:template match="tei:castItem">
    <xsl:call-template name="nl"/>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:roleDesc">
    <xsl:call-template name="role-separator"/>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- A verse line indented in the source (@rend "indent", "indent(2)") keeps it. -->
  <xsl:template match="tei:l">
    <xsl:call-template name="nl"/>
    <xsl:call-template name="indent"/>
    <xsl:if test="contains(@rend, 'indent')">
      <xsl:variable name="digits" select="translate(@rend, translate(@rend, '0123456789', ''), '')"/>
      <xsl:value-of select="substring('&#9;&#9;&#9;&#9;&#9;&#9;&#9;&#9;', 1, number(concat('0', $digits)) + ($digits = ''))"/>
    </xsl:if>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:row">
    <xsl:call-template name="nl"/>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:cell">
    <xsl:if test="preceding-sibling::tei:cell"> | </xsl:if>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="tei:milestone">
    <xsl:if test="@rend">
      <xsl:call-template name="nl2"/>
      <xsl:value-of select="@rend"/>
      <xsl:call-template name="nl2"/>
    </xsl:if>
  </xsl:template>

  <!-- ===== quotations =================================================== -->
  <xsl:template match="tei:q">
    <xsl:choose>
      <xsl:when test="tei:p or tei:lg or tei:l or tei:sp or tei:list or tei:ab">
        <xsl:call-template name="block"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:choose>
          <xsl:when test="@rend = 'single-curly'">&#8216;</xsl:when>
          <xsl:when test="@rend = 'double-straight'">"</xsl:when>
          <xsl:when test="@rend = 'single-straight'">'</xsl:when>
          <xsl:otherwise>&#8220;</xsl:otherwise>
        </xsl:choose>
        <xsl:apply-templates/>
        <xsl:choose>
          <xsl:when test="@rend = 'single-curly'">&#8217;</xsl:when>
          <xsl:when test="@rend = 'double-straight'">"</xsl:when>
          <xsl:when test="@rend = 'single-straight'">'</xsl:when>
          <xsl:otherwise>&#8221;</xsl:otherwise>
        </xsl:choose>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A quotation between blocks is a block, one level in; a quotation's
       source follows it on a line of its own, or in brackets in a sentence. -->
  <xsl:template match="tei:quote">
    <xsl:choose>
      <xsl:when test="tei:p or tei:lg or tei:l or tei:sp or tei:list or tei:ab or tei:quote[tei:p or tei:lg]">
        <xsl:apply-templates/>
      </xsl:when>
      <xsl:when test="not(ancestor::tei:p or ancestor::tei:l or ancestor::tei:head or ancestor::tei:item)">
        <xsl:call-template name="block"/>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:cit">
    <xsl:apply-templates select="node()[not(self::tei:bibl)]"/>
    <xsl:for-each select="tei:bibl">
      <xsl:choose>
        <xsl:when test="ancestor::tei:p or ancestor::tei:l or ancestor::tei:head or ancestor::tei:item">
          <xsl:text> (</xsl:text><xsl:apply-templates select="."/><xsl:text>)</xsl:text>
        </xsl:when>
        <xsl:otherwise>
          <xsl:call-template name="nl"/>
          <xsl:call-template name="indent"/>
          <xsl:call-template name="source-dash"/>
          <xsl:apply-templates select="."/>
          <xsl:call-template name="nl2"/>
        </xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <!-- A reference's parts, set off by commas where the source has nothing between them. -->
  <xsl:template match="tei:bibl/*[preceding-sibling::node()[1][self::* and not(self::tei:pb or self::tei:lb)]]
                       [not(self::tei:note or self::tei:pb or self::tei:lb)]">
    <xsl:text>, </xsl:text>
    <xsl:apply-templates/>
  </xsl:template>

  <!-- ===== editorial layer =============================================== -->
  <xsl:template match="tei:choice">
    <xsl:variable name="reading" select="(tei:corr | tei:reg | tei:expan)[1]"/>
    <xsl:variable name="diplomatic" select="(tei:sic | tei:orig | tei:abbr)[1]"/>
    <xsl:choose>
      <xsl:when test="$view = 'diplomatic' and $diplomatic"><xsl:apply-templates select="$diplomatic"/></xsl:when>
      <xsl:when test="$view != 'diplomatic' and $reading"><xsl:apply-templates select="$reading"/></xsl:when>
      <xsl:otherwise><xsl:apply-templates select="*[1]"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:app">
    <xsl:apply-templates select="tei:lem"/>
    <xsl:if test="tei:rdg">
      <xsl:text> [</xsl:text>
      <xsl:for-each select="tei:rdg">
        <xsl:if test="position() > 1">; </xsl:if>
        <xsl:apply-templates/>
      </xsl:for-each>
      <xsl:text>]</xsl:text>
    </xsl:if>
    <xsl:apply-templates select="node()[not(self::tei:lem or self::tei:rdg)]"/>
  </xsl:template>

  <!-- The source's own deletions and additions: the reading text is the
       text as revised; the diplomatic text shows both, set apart as in the
       Leiden conventions: deleted ⟦words⟧, added \words/. -->
  <xsl:template match="tei:del">
    <xsl:if test="$view = 'diplomatic'">&#10214;<xsl:apply-templates/>&#10215;</xsl:if>
  </xsl:template>

  <xsl:template match="tei:add">
    <xsl:if test="$view = 'diplomatic'">\</xsl:if>
    <xsl:apply-templates/>
    <xsl:if test="$view = 'diplomatic'">/</xsl:if>
  </xsl:template>

  <xsl:template match="tei:gap">[...]</xsl:template>

  <!-- ===== milestones and notes ========================================= -->
  <xsl:template match="tei:lb">
    <xsl:if test="not(@break = 'no')"><xsl:text> </xsl:text></xsl:if>
  </xsl:template>

  <xsl:template match="tei:pb | tei:cb | tei:gb | tei:graphic | tei:media | tei:binaryObject"/>

  <!-- A line break between blocks (a speech's verse lines) adds nothing. -->
  <xsl:template match="tei:sp/tei:lb | tei:lg/tei:lb | tei:div/tei:lb | tei:body/tei:lb"/>

  <!-- A note between blocks stays a block; a note inside running text is
       kept in place, in brackets. -->
  <xsl:template match="tei:note">
    <xsl:choose>
      <xsl:when test="parent::tei:div or parent::tei:div1 or parent::tei:div2 or parent::tei:div3
                      or parent::tei:div4 or parent::tei:div5 or parent::tei:div6 or parent::tei:div7
                      or parent::tei:body or parent::tei:back or parent::tei:front
                      or parent::tei:listNote or parent::tei:noteGrp or parent::tei:lg or parent::tei:sp">
        <xsl:call-template name="nl2"/>
        <xsl:if test="@n and not(tei:label)">[<xsl:value-of select="@n"/>] </xsl:if>
        <xsl:apply-templates/>
        <xsl:call-template name="nl2"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:text> [</xsl:text>
        <xsl:apply-templates/>
        <xsl:text>]</xsl:text>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== fall-through ================================================== -->
  <xsl:template match="*">
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()"/>

</xsl:stylesheet>
