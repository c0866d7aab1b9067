<?xml version="1.0" encoding="UTF-8"?>
<!--
  The text of a TEI document in HTML: one template per element, read as a
  table of behaviours. An element without a template falls through to its
  content, so TEI written by other projects renders without losing text.

  Numbers and ids that would need a scan of the document per element (note
  and correction numbers, mention ids, index entries) are worked out before
  the transform and read from r: attributes (see prepare.py).
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:r="urn:tei-pipeline:render"
    exclude-result-prefixes="tei r">

  <xsl:include href="common.xsl"/>

  <!-- ===== structure ==================================================== -->
  <xsl:template match="tei:teiHeader"/>

  <xsl:template match="tei:text">
    <div class="tei-text"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:front | tei:body | tei:back | tei:group">
    <div class="{local-name()}"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
  </xsl:template>

  <!-- The title block already shows the outermost text's title, author and date. -->
  <xsl:template match="tei:text[not(ancestor::tei:text)]/tei:front/tei:docTitle
                     | tei:text[not(ancestor::tei:text)]/tei:front/tei:docAuthor
                     | tei:text[not(ancestor::tei:text)]/tei:front/tei:docDate">
    <xsl:if test="not($main-title)">
      <div class="{local-name()}"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <section class="div {@type}" id="{@r:id}">
      <xsl:call-template name="lang"/>
      <xsl:if test="tei:head">
        <!-- Untitled divisions add no level: headings never skip one. -->
        <xsl:variable name="level"
            select="2 + count(ancestor::*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3
                    or self::tei:div4 or self::tei:div5 or self::tei:div6][tei:head])"/>
        <xsl:element name="h{6 - (6 - $level) * ($level &lt; 6)}">
          <xsl:apply-templates select="tei:head[1]/node()"/>
        </xsl:element>
      </xsl:if>
      <xsl:apply-templates select="node()[not(self::tei:head and count(preceding-sibling::tei:head) = 0)]"/>
    </section>
  </xsl:template>

  <!-- The info block of the source, as transcribed: the title block shows it. -->
  <xsl:template match="tei:div[@type = 'source-info']">
    <details class="source-info">
      <xsl:call-template name="attrs"/>
      <summary><xsl:value-of select="key('label', 'source-info')"/></summary>
      <xsl:apply-templates/>
    </details>
  </xsl:template>

  <!-- The editor's reasons for corrections: shown in the list of corrections. -->
  <xsl:template match="tei:div[@type = 'corrections'][tei:note[@type = 'correction']]"/>

  <xsl:template match="tei:head">
    <p class="head"><xsl:call-template name="attrs"/><xsl:apply-templates/></p>
  </xsl:template>

  <!-- A paragraph holding blocks (r:blocks, see blocks.py) is a div: HTML
       ends a p at the first block inside it. -->
  <xsl:template match="tei:p | tei:ab">
    <xsl:choose>
      <xsl:when test="@r:blocks">
        <div class="p"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:call-template name="attrs"/><xsl:apply-templates/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== lists and tables ============================================= -->
  <xsl:template match="tei:list">
    <xsl:apply-templates select="tei:head"/>
    <xsl:choose>
      <xsl:when test="tei:label">
        <dl class="list"><xsl:call-template name="attrs"/><xsl:apply-templates select="node()[not(self::tei:head)]"/></dl>
      </xsl:when>
      <!-- The source's own markers (in the items' text, r:labelled, or in
           their @n) replace the browser's. -->
      <xsl:when test="tei:item/@n or tei:item/@r:labelled">
        <ul class="list numbered"><xsl:call-template name="attrs"/><xsl:apply-templates select="node()[not(self::tei:head)]"/></ul>
      </xsl:when>
      <xsl:when test="@type = 'ordered' or @type = 'numbered' or contains(@rend, 'numbered')">
        <ol><xsl:call-template name="attrs"/><xsl:apply-templates select="node()[not(self::tei:head)]"/></ol>
      </xsl:when>
      <xsl:otherwise>
        <ul class="list {@type}"><xsl:call-template name="attrs"/><xsl:apply-templates select="node()[not(self::tei:head)]"/></ul>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:list/tei:head">
    <p class="list-head"><xsl:call-template name="attrs"/><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:item">
    <li>
      <xsl:call-template name="attrs"/>
      <xsl:if test="@n and not(@r:labelled)"><span class="marker"><xsl:value-of select="@n"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates/>
    </li>
  </xsl:template>

  <xsl:template match="tei:list[tei:label]/tei:label">
    <dt><xsl:call-template name="attrs"/><xsl:apply-templates/></dt>
  </xsl:template>

  <xsl:template match="tei:list[tei:label]/tei:item">
    <dd><xsl:call-template name="attrs"/><xsl:apply-templates/></dd>
  </xsl:template>

  <xsl:template match="tei:table">
    <div class="table-wrap">
      <table>
        <xsl:call-template name="attrs"/>
        <xsl:if test="tei:head">
          <caption><xsl:apply-templates select="tei:head[1]/node()"/></caption>
        </xsl:if>
        <xsl:apply-templates select="tei:row"/>
      </table>
    </div>
    <xsl:apply-templates select="node()[not(self::tei:row or self::tei:head[1])]"/>
  </xsl:template>

  <xsl:template match="tei:row">
    <tr><xsl:call-template name="attrs"/><xsl:apply-templates select="tei:cell"/></tr>
    <xsl:if test="*[not(self::tei:cell)]">
      <tr><td><xsl:apply-templates select="node()[not(self::tei:cell)]"/></td></tr>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:cell">
    <xsl:variable name="tag">
      <xsl:choose>
        <xsl:when test="@role = 'label' or ../@role = 'label'">th</xsl:when>
        <xsl:otherwise>td</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$tag}">
      <xsl:call-template name="attrs"/>
      <xsl:if test="number(@cols) > 1"><xsl:attribute name="colspan"><xsl:value-of select="number(@cols)"/></xsl:attribute></xsl:if>
      <xsl:if test="number(@rows) > 1"><xsl:attribute name="rowspan"><xsl:value-of select="number(@rows)"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </xsl:element>
  </xsl:template>

  <!-- ===== verse and drama =============================================== -->
  <xsl:template match="tei:lg">
    <div class="lg"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:lg/tei:head">
    <p class="head"><xsl:call-template name="attrs"/><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:l">
    <div class="l">
      <xsl:if test="@r:indent"><xsl:attribute name="class">l indent-<xsl:value-of select="@r:indent"/></xsl:attribute></xsl:if>
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:sp">
    <div class="sp"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:speaker">
    <p class="speaker"><xsl:call-template name="attrs"/><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:stage">
    <span class="stage"><xsl:call-template name="attrs"/><xsl:apply-templates/></span>
  </xsl:template>

  <!-- ===== letters, title pages and other parts of a division ============ -->
  <xsl:template match="tei:opener | tei:closer | tei:salute | tei:signed | tei:dateline
                     | tei:byline | tei:trailer | tei:argument | tei:postscript
                     | tei:docTitle | tei:docAuthor | tei:docDate | tei:docImprint | tei:docEdition
                     | tei:titlePage | tei:titlePart | tei:castList | tei:castItem">
    <div class="{local-name()}"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:epigraph">
    <div class="epigraph"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
  </xsl:template>

  <!-- No images: the page loads nothing. Descriptions and captions stay. -->
  <xsl:template match="tei:figure">
    <figure><xsl:call-template name="attrs"/><xsl:apply-templates/></figure>
  </xsl:template>

  <xsl:template match="tei:figure/tei:head | tei:figDesc">
    <figcaption><xsl:apply-templates/></figcaption>
  </xsl:template>

  <xsl:template match="tei:graphic | tei:media | tei:binaryObject"/>

  <!-- Between blocks a milestone is a rule, or the source's mark ("* * *");
       in running text only its mark, if it has one. -->
  <xsl:template match="tei:milestone">
    <xsl:choose>
      <xsl:when test="ancestor::tei:p or ancestor::tei:ab or ancestor::tei:head or ancestor::tei:l
                      or ancestor::tei:speaker">
        <xsl:if test="@rend"><span class="milestone"><xsl:value-of select="@rend"/></span></xsl:if>
      </xsl:when>
      <xsl:when test="@rend"><p class="milestone" role="separator"><xsl:value-of select="@rend"/></p></xsl:when>
      <xsl:otherwise><hr class="milestone"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A line break inside a word (break="no") joins; in a verse line or a
       heading it is a space; elsewhere the page keeps the source's line. -->
  <xsl:template match="tei:lb">
    <xsl:choose>
      <xsl:when test="@break = 'no'"/>
      <xsl:when test="ancestor::tei:l or ancestor::tei:head"><xsl:text> </xsl:text></xsl:when>
      <xsl:otherwise><br/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:pb">
    <span class="pb" data-n="{@n}"><xsl:call-template name="attrs"/></span>
  </xsl:template>

  <xsl:template match="tei:cb | tei:gb | tei:fw"/>

  <!-- ===== quotations ==================================================== -->
  <xsl:template match="tei:q">
    <xsl:choose>
      <xsl:when test="tei:p or tei:lg or tei:l or tei:sp or tei:list or tei:ab">
        <blockquote class="q"><xsl:call-template name="attrs"/><xsl:apply-templates/></blockquote>
      </xsl:when>
      <xsl:otherwise>
        <span class="q"><xsl:call-template name="attrs"/><xsl:call-template name="open-quote"/>
          <xsl:apply-templates/>
          <xsl:call-template name="close-quote"/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="open-quote">
    <xsl:choose>
      <xsl:when test="@rend = 'single-curly'">&#8216;</xsl:when>
      <xsl:when test="@rend = 'double-straight'">"</xsl:when>
      <xsl:when test="@rend = 'single-straight'">'</xsl:when>
      <xsl:otherwise>&#8220;</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="close-quote">
    <xsl:choose>
      <xsl:when test="@rend = 'single-curly'">&#8217;</xsl:when>
      <xsl:when test="@rend = 'double-straight'">"</xsl:when>
      <xsl:when test="@rend = 'single-straight'">'</xsl:when>
      <xsl:otherwise>&#8221;</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A quotation standing between blocks (or holding blocks) is a block quotation. -->
  <xsl:template match="tei:quote">
    <xsl:choose>
      <xsl:when test="tei:p or tei:lg or tei:l or tei:sp or tei:list or tei:ab or tei:quote[tei:p or tei:lg]
                      or parent::tei:div or parent::tei:body or parent::tei:front or parent::tei:back
                      or parent::tei:epigraph or parent::tei:note[not(@r:n)] or parent::tei:item
                      or parent::tei:cit[not(ancestor::tei:p or ancestor::tei:l)]">
        <blockquote class="quote"><xsl:call-template name="attrs"/><xsl:apply-templates/></blockquote>
      </xsl:when>
      <xsl:otherwise>
        <span class="quote"><xsl:call-template name="attrs"/><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A quotation with its source: the quotation, then the source under it. -->
  <xsl:template match="tei:cit">
    <xsl:choose>
      <xsl:when test="ancestor::tei:p or ancestor::tei:l or ancestor::tei:head or ancestor::tei:item">
        <span class="cit"><xsl:call-template name="attrs"/>
          <xsl:apply-templates select="node()[not(self::tei:bibl)]"/>
          <xsl:for-each select="tei:bibl">
            <xsl:text> (</xsl:text><xsl:apply-templates select="."/><xsl:text>)</xsl:text>
          </xsl:for-each>
        </span>
      </xsl:when>
      <xsl:otherwise>
        <figure class="cit">
          <xsl:call-template name="attrs"/>
          <xsl:apply-templates select="node()[not(self::tei:bibl)]"/>
          <xsl:for-each select="tei:bibl">
            <figcaption class="source"><xsl:call-template name="source-dash"/><xsl:apply-templates select="."/></figcaption>
          </xsl:for-each>
        </figure>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A reference: its parts set off by commas where the source has nothing between them. -->
  <xsl:template match="tei:bibl">
    <span class="bibl">
      <xsl:call-template name="attrs"/>
      <xsl:call-template name="bibl-parts"/>
    </span>
  </xsl:template>

  <xsl:template name="bibl-parts">
    <xsl:for-each select="node()">
      <xsl:if test="self::*[not(self::tei:note or self::tei:pb or self::tei:lb)]
                    and preceding-sibling::node()[1][self::* and not(self::tei:pb or self::tei:lb)]">, </xsl:if>
      <xsl:apply-templates select="."/>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:listBibl">
    <div class="listBibl"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:listBibl/tei:bibl">
    <p class="bibl">
      <xsl:call-template name="attrs"/>
      <xsl:call-template name="bibl-parts"/>
    </p>
  </xsl:template>

  <!-- ===== phrases ======================================================= -->
  <xsl:template match="tei:foreign | tei:term | tei:mentioned | tei:soCalled | tei:gloss | tei:distinct">
    <span class="{local-name()}"><xsl:call-template name="attrs"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:emph">
    <em><xsl:call-template name="attrs"/><xsl:apply-templates/></em>
  </xsl:template>

  <xsl:template match="tei:title">
    <cite><xsl:call-template name="attrs"/><xsl:apply-templates/></cite>
  </xsl:template>

  <xsl:template match="tei:hi">
    <xsl:variable name="rend" select="concat(' ', @rend, ' ', @rendition, ' ')"/>
    <xsl:choose>
      <xsl:when test="contains($rend, 'sup')"><sup><xsl:call-template name="attrs"/><xsl:apply-templates/></sup></xsl:when>
      <xsl:when test="contains($rend, 'sub')"><sub><xsl:call-template name="attrs"/><xsl:apply-templates/></sub></xsl:when>
      <xsl:when test="contains($rend, 'bold')"><b><xsl:call-template name="attrs"/><xsl:apply-templates/></b></xsl:when>
      <xsl:when test="contains($rend, 'ital')"><i><xsl:call-template name="attrs"/><xsl:apply-templates/></i></xsl:when>
      <xsl:otherwise>
        <span class="hi {translate(normalize-space(@rend), '#:', '  ')}"><xsl:call-template name="attrs"/><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:date | tei:time | tei:num | tei:measure | tei:unclear | tei:supplied
                     | tei:seg | tei:w | tei:abbr | tei:expan | tei:roleName | tei:forename | tei:surname">
    <span class="{local-name()}"><xsl:call-template name="attrs"/><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:roleDesc">
    <span class="roleDesc"><xsl:call-template name="attrs"/>
      <xsl:call-template name="role-separator"/>
      <xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:gap">
    <span class="gap">[…]</span>
  </xsl:template>

  <xsl:template match="tei:add">
    <ins class="add"><xsl:call-template name="attrs"/><xsl:apply-templates/></ins>
  </xsl:template>

  <xsl:template match="tei:del">
    <del class="del"><xsl:call-template name="attrs"/><xsl:apply-templates/></del>
  </xsl:template>

  <xsl:template match="tei:anchor">
    <span class="anchor"><xsl:call-template name="attrs"/></span>
  </xsl:template>

  <!-- ===== editorial interventions ======================================= -->
  <!-- The corrected reading shows; the transcribed one in the diplomatic view.
       Either leads to its entry in the list of corrections, which leads back.
       Links cannot nest: a name or reference around a correction links only
       the words beside it (link-beside-corrections), a name inside one is
       not a link; a correction that holds a reference or a note's marker
       gives the link up to them. -->
  <xsl:template match="tei:choice[@r:id]">
    <xsl:variable name="tag">
      <xsl:choose>
        <xsl:when test=".//tei:ref or .//tei:ptr or .//tei:note or .//tei:choice[@r:id]">span</xsl:when>
        <xsl:otherwise>a</xsl:otherwise>
      </xsl:choose>
    </xsl:variable>
    <xsl:element name="{$tag}">
      <xsl:attribute name="class">choice</xsl:attribute>
      <xsl:attribute name="id"><xsl:value-of select="@r:id"/></xsl:attribute>
      <xsl:if test="$tag = 'a'"><xsl:attribute name="href">#<xsl:value-of select="@r:app"/></xsl:attribute></xsl:if>
      <xsl:call-template name="lang"/>
      <xsl:apply-templates select="*"/>
    </xsl:element>
  </xsl:template>

  <!-- The content of a link around a correction: the parts beside it link
       to $href, the correction keeps its own link. -->
  <xsl:template name="link-beside-corrections">
    <xsl:param name="href"/>
    <xsl:for-each select="node()[not(self::comment() or self::processing-instruction())]">
      <xsl:choose>
        <xsl:when test="descendant-or-self::tei:choice[@r:id] or self::text()[not(normalize-space())]">
          <xsl:apply-templates select="."/>
        </xsl:when>
        <xsl:otherwise><a class="part" href="{$href}"><xsl:apply-templates select="."/></a></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
  </xsl:template>

  <xsl:template match="tei:choice/tei:corr | tei:choice/tei:reg | tei:choice/tei:expan">
    <span class="{local-name()} reading-only">
      <xsl:attribute name="title">
        <xsl:value-of select="key('label', 'as-transcribed')"/>
        <xsl:text>: </xsl:text>
        <xsl:value-of select="normalize-space(../tei:sic | ../tei:orig | ../tei:abbr)"/>
      </xsl:attribute>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:choice/tei:sic | tei:choice/tei:orig | tei:choice/tei:abbr">
    <span class="{local-name()} diplomatic-only"><xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:app">
    <span class="app"><xsl:apply-templates select="tei:lem"/>
      <xsl:if test="tei:rdg">
        <span class="rdgs"> [<xsl:for-each select="tei:rdg">
            <xsl:if test="position() > 1">; </xsl:if>
            <span class="rdg"><xsl:apply-templates/></span>
          </xsl:for-each>]</span>
      </xsl:if>
      <xsl:apply-templates select="node()[not(self::tei:lem or self::tei:rdg)]"/>
    </span>
  </xsl:template>

  <!-- ===== names ========================================================= -->
  <!-- A name in the text links to its index entry; a machine suggestion is
       plain text in the published page and marked in the editor's view. -->
  <xsl:template match="tei:persName[@r:id] | tei:placeName[@r:id] | tei:orgName[@r:id]">
    <xsl:variable name="suggested" select="@r:suggested and $review = 'yes'"/>
    <xsl:variable name="class">
      <xsl:text>mention </xsl:text><xsl:value-of select="local-name()"/>
      <xsl:if test="$suggested"> suggested</xsl:if>
    </xsl:variable>
    <xsl:variable name="link" select="@r:entry and not(ancestor::tei:ref or .//tei:ref or .//tei:ptr or .//tei:note
                                      or .//*[@r:entry] or ancestor::tei:choice)"/>
    <xsl:choose>
      <xsl:when test="$link and not(.//tei:choice[@r:id])">
        <a class="{$class}" id="{@r:id}" href="#{@r:entry}">
          <xsl:call-template name="lang"/>
          <xsl:if test="$suggested">
            <xsl:attribute name="title"><xsl:value-of select="key('label', 'suggested')"/></xsl:attribute>
          </xsl:if>
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span id="{@r:id}">
          <xsl:if test="@r:entry"><xsl:attribute name="class"><xsl:value-of select="$class"/></xsl:attribute></xsl:if>
          <xsl:call-template name="lang"/>
          <xsl:choose>
            <xsl:when test="$link">
              <xsl:call-template name="link-beside-corrections">
                <xsl:with-param name="href" select="concat('#', @r:entry)"/>
              </xsl:call-template>
            </xsl:when>
            <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
          </xsl:choose>
        </span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== notes and references ========================================== -->
  <!-- A note in running text: a numbered marker here, the note under the text. -->
  <xsl:template match="tei:note[@r:n]">
    <a class="noteref" role="doc-noteref" id="{@r:ref}" href="#{@r:id}">
      <sup><xsl:call-template name="note-label"/></sup>
    </a>
  </xsl:template>

  <xsl:template name="note-label">
    <xsl:choose>
      <xsl:when test="@n"><xsl:value-of select="@n"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="@r:n"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- A note standing between blocks (endnotes in back): in place, numbered,
       with a link back to the first reference to it. -->
  <xsl:template match="tei:note">
    <div class="note {@type}">
      <xsl:call-template name="attrs"/>
      <xsl:if test="@n and not(tei:label)"><span class="label"><xsl:value-of select="@n"/></span><xsl:text> </xsl:text></xsl:if>
      <xsl:apply-templates/>
      <xsl:call-template name="backlink"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:teiHeader//tei:note" priority="2">
    <span class="note"> (<xsl:apply-templates/>)</span>
  </xsl:template>

  <!-- @r:back: the id of the first reference to this element. -->
  <xsl:template name="backlink">
    <xsl:if test="@r:back">
      <xsl:text> </xsl:text>
      <a class="backlink" aria-label="{key('label', 'back')}" href="#{@r:back}">&#8617;&#65038;</a>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:ref | tei:ptr">
    <xsl:variable name="target" select="normalize-space(@target)"/>
    <xsl:variable name="internal" select="@r:internal"/>
    <xsl:variable name="nested"
        select=".//tei:ref or .//tei:note or .//*[@r:entry] or ancestor::tei:ref or ancestor::*[@r:entry]"/>
    <xsl:variable name="link"
        select="not($nested) and ($internal or starts-with($target, 'http://') or starts-with($target, 'https://'))"/>
    <xsl:choose>
      <xsl:when test="$link and .//tei:choice[@r:id] and not(@type = 'noteAnchor')">
        <span class="{local-name()} {@type}">
          <xsl:choose>
            <xsl:when test="@r:id"><xsl:attribute name="id"><xsl:value-of select="@r:id"/></xsl:attribute></xsl:when>
            <xsl:otherwise><xsl:call-template name="attrs"/></xsl:otherwise>
          </xsl:choose>
          <xsl:call-template name="link-beside-corrections">
            <xsl:with-param name="href" select="$target"/>
          </xsl:call-template>
        </span>
      </xsl:when>
      <xsl:when test="$link">
        <a class="{local-name()} {@type}" href="{$target}">
          <xsl:choose>
            <xsl:when test="@r:id"><xsl:attribute name="id"><xsl:value-of select="@r:id"/></xsl:attribute></xsl:when>
            <xsl:otherwise><xsl:call-template name="attrs"/></xsl:otherwise>
          </xsl:choose>
          <xsl:choose>
            <xsl:when test="@type = 'noteAnchor'">
              <xsl:attribute name="role">doc-noteref</xsl:attribute>
              <xsl:attribute name="class">noteref</xsl:attribute>
              <sup><xsl:value-of select="translate(normalize-space(.), '[]()', '')"/></sup>
            </xsl:when>
            <xsl:otherwise><xsl:apply-templates/></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="self::tei:ptr"><xsl:value-of select="$target"/></xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{local-name()}"><xsl:call-template name="attrs"/><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== plain mode: text only, for labels (contents, index) =========== -->
  <xsl:template match="tei:note | tei:ref[@type = 'noteAnchor'] | tei:choice/tei:sic | tei:choice/tei:orig
                     | tei:choice/tei:abbr | tei:teiHeader | tei:pb | tei:fw" mode="plain"/>

  <xsl:template match="tei:lb" mode="plain"><xsl:text> </xsl:text></xsl:template>

  <xsl:template match="tei:q[not(tei:p or tei:lg or tei:l)]" mode="plain">
    <xsl:call-template name="open-quote"/>
    <xsl:apply-templates mode="plain"/>
    <xsl:call-template name="close-quote"/>
  </xsl:template>

  <xsl:template match="*" mode="plain">
    <xsl:apply-templates mode="plain"/>
  </xsl:template>

  <xsl:template match="text()" mode="plain">
    <xsl:value-of select="."/>
  </xsl:template>

  <!-- ===== fall-through and shared attributes ============================ -->
  <xsl:template match="*">
    <xsl:if test="@r:back">
      <span id="{@xml:id}"></span>
    </xsl:if>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()"/>
  <xsl:template match="comment() | processing-instruction()" mode="plain"/>

  <xsl:template name="attrs">
    <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
    <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
  </xsl:template>

  <xsl:template name="lang">
    <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
  </xsl:template>

</xsl:stylesheet>
