<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI P5 to a standalone HTML5 reading edition (XSLT 1.0).

  Read it as a table of behaviours: one template per TEI element. Elements
  without a template fall through to their content, so TEI written by other
  projects renders without losing text. Everything the page needs (CSS) is
  inline: the page loads no external resource.

  Layers of the page: title block (from teiHeader), table of contents
  (divisions), the text, notes, the editorial practice (encodingDesc) and an
  index of persons, places and organisations with back-links to each mention.
  Editorial corrections (choice) show the corrected reading; a checkbox
  switches to the diplomatic reading with CSS alone.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <!-- "reading" or "diplomatic": which view the page opens in. -->
  <xsl:param name="view" select="'reading'"/>

  <!-- ===== lookups ===================================================== -->
  <!-- Patterns say [ancestor::tei:text] rather than tei:text//: libxslt
       matches the latter slowly when it builds a key. -->
  <xsl:key name="mention-by-ref"
      match="tei:persName[@ref][ancestor::tei:text] | tei:placeName[@ref][ancestor::tei:text]
           | tei:orgName[@ref][ancestor::tei:text]"
      use="normalize-space(@ref)"/>
  <xsl:key name="mention-by-name"
      match="tei:persName[not(@ref)][ancestor::tei:text] | tei:placeName[not(@ref)][ancestor::tei:text]
           | tei:orgName[not(@ref)][ancestor::tei:text]"
      use="concat(local-name(), ':', normalize-space(.))"/>
  <xsl:key name="id" match="*[@xml:id][ancestor::tei:text]" use="@xml:id"/>
  <xsl:key name="ref-by-target" match="tei:ref[@target][ancestor::tei:text]" use="normalize-space(@target)"/>

  <xsl:variable name="header" select="(//tei:teiHeader)[1]"/>
  <xsl:variable name="texts" select="//tei:text[not(ancestor::tei:text)]"/>
  <!-- The title block stands in for the outermost front's title and author. -->
  <xsl:variable name="folded"
      select="$texts[$header/tei:fileDesc/tei:titleStmt/tei:title]/tei:front/*[self::tei:docTitle
              or self::tei:docAuthor or self::tei:docDate]"/>
  <xsl:variable name="mentions"
      select="(//tei:persName | //tei:placeName | //tei:orgName)[ancestor::tei:text]
              [not(ancestor::*[count(. | $folded) = count($folded)])]"/>
  <!-- One entry per person, place or organisation: its first shown mention. -->
  <xsl:variable name="entries"
      select="$mentions[@ref][generate-id() = generate-id(key('mention-by-ref', normalize-space(@ref))
                [not(ancestor::*[count(. | $folded) = count($folded)])][1])]
            | $mentions[not(@ref)][generate-id() = generate-id(key('mention-by-name', concat(local-name(), ':', normalize-space(.)))
                [not(ancestor::*[count(. | $folded) = count($folded)])][1])]"/>
  <!-- Notes inside running text: numbered markers, collected as footnotes. -->
  <xsl:variable name="footnotes" select="$texts//tei:note[ancestor::tei:p or ancestor::tei:ab or ancestor::tei:l or ancestor::tei:head
                or ancestor::tei:item or ancestor::tei:cell or ancestor::tei:q or ancestor::tei:quote
                or ancestor::tei:seg or ancestor::tei:hi or ancestor::tei:label or ancestor::tei:stage
                or ancestor::tei:speaker or ancestor::tei:titlePart or ancestor::tei:bibl]"/>
  <xsl:variable name="lower" select="'abcdefghijklmnopqrstuvwxyz'"/>
  <xsl:variable name="upper" select="'ABCDEFGHIJKLMNOPQRSTUVWXYZ'"/>

  <!-- ===== page ======================================================== -->
  <xsl:template match="/">
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
    <html>
      <xsl:attribute name="lang">
        <xsl:call-template name="document-lang"/>
      </xsl:attribute>
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <!-- An empty inline icon: browsers would otherwise ask the server for one. -->
        <link rel="icon" href="data:,"/>
        <title>
          <xsl:call-template name="main-title-text"/>
        </title>
        <style>
          <xsl:call-template name="css"/>
        </style>
      </head>
      <body>
        <a class="skip-link" href="#main">Skip to the text</a>
        <header class="title-block">
          <xsl:apply-templates select="$header/tei:fileDesc" mode="title-block"/>
          <xsl:if test="not($header)">
            <h1><xsl:call-template name="main-title-text"/></h1>
          </xsl:if>
          <xsl:if test="$texts//tei:choice">
            <p class="view-switch">
              <input type="checkbox" id="view-diplomatic">
                <xsl:if test="$view = 'diplomatic'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
              </input>
              <xsl:text> </xsl:text>
              <label for="view-diplomatic">Diplomatic view: show the text as transcribed,
                before editorial corrections</label>
            </p>
          </xsl:if>
        </header>
        <nav class="toc" aria-labelledby="toc-heading">
          <h2 id="toc-heading">Contents</h2>
          <ol>
            <xsl:apply-templates mode="toc"
                select="$texts//*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3
                        or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7]
                        [not(ancestor::tei:div or ancestor::tei:div1 or ancestor::tei:div2
                             or ancestor::tei:div3 or ancestor::tei:div4 or ancestor::tei:div5
                             or ancestor::tei:div6)]
                        [not(@type = 'source-info')]"/>
            <xsl:if test="$footnotes">
              <li><a href="#footnotes">Notes</a></li>
            </xsl:if>
            <li><a href="#editorial-practice">Editorial practice</a></li>
            <xsl:if test="$entries">
              <li><a href="#index">Index of persons, places and organisations</a></li>
            </xsl:if>
          </ol>
        </nav>
        <main id="main">
          <article class="text">
            <xsl:choose>
              <xsl:when test="$texts">
                <xsl:apply-templates select="$texts"/>
              </xsl:when>
              <xsl:otherwise>
                <xsl:apply-templates select="/*"/>
              </xsl:otherwise>
            </xsl:choose>
            <xsl:call-template name="footnotes"/>
          </article>
          <xsl:call-template name="editorial-practice"/>
          <xsl:call-template name="index"/>
        </main>
        <footer class="colophon">
          <p>TEI P5 edition<xsl:if test="$header/tei:revisionDesc/tei:change">
              <xsl:text>. </xsl:text>
              <xsl:apply-templates select="$header/tei:revisionDesc/tei:change[last()]/node()"/>
            </xsl:if>
          </p>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="document-lang">
    <xsl:variable name="declared"
        select="(/*/@xml:lang | $texts/@xml:lang | $header/tei:profileDesc/tei:langUsage/tei:language/@ident)[1]"/>
    <xsl:choose>
      <xsl:when test="$declared"><xsl:value-of select="$declared"/></xsl:when>
      <xsl:otherwise>und</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="main-title-text">
    <xsl:variable name="titles" select="$header/tei:fileDesc/tei:titleStmt/tei:title"/>
    <xsl:variable name="main" select="($titles[@type = 'main'] | $titles[not(@type)] | $titles)[1]"/>
    <xsl:choose>
      <xsl:when test="$main"><xsl:value-of select="normalize-space($main)"/></xsl:when>
      <xsl:when test="$texts//tei:docTitle"><xsl:value-of select="normalize-space(($texts//tei:docTitle)[1])"/></xsl:when>
      <xsl:otherwise>Untitled text</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== title block (teiHeader) ====================================== -->
  <xsl:template match="tei:fileDesc" mode="title-block">
    <xsl:variable name="titles" select="tei:titleStmt/tei:title"/>
    <xsl:variable name="main" select="($titles[@type = 'main'] | $titles[not(@type)] | $titles)[1]"/>
    <xsl:for-each select="tei:titleStmt/tei:author">
      <p class="author"><xsl:apply-templates/></p>
    </xsl:for-each>
    <h1><xsl:apply-templates select="$main/node()"/></h1>
    <xsl:for-each select="$titles[count(. | $main) != 1]">
      <p class="subtitle"><xsl:apply-templates/></p>
    </xsl:for-each>
    <dl class="meta">
      <xsl:for-each select="(tei:sourceDesc/tei:bibl | tei:sourceDesc/tei:biblStruct | tei:sourceDesc/tei:p)[1]">
        <dt>Source</dt>
        <dd><xsl:apply-templates/></dd>
      </xsl:for-each>
      <xsl:for-each select="tei:titleStmt/tei:respStmt | tei:titleStmt/tei:editor">
        <dt>
          <xsl:choose>
            <xsl:when test="tei:resp"><xsl:apply-templates select="tei:resp[1]/node()"/></xsl:when>
            <xsl:otherwise>Editor</xsl:otherwise>
          </xsl:choose>
        </dt>
        <dd>
          <xsl:for-each select="*[not(self::tei:resp)] | self::tei:editor">
            <xsl:if test="position() > 1">, </xsl:if>
            <xsl:apply-templates/>
          </xsl:for-each>
        </dd>
      </xsl:for-each>
      <xsl:for-each select="tei:publicationStmt[tei:publisher or tei:distributor or tei:authority]">
        <dt>Published by</dt>
        <dd>
          <xsl:value-of select="normalize-space((tei:publisher | tei:distributor | tei:authority)[1])"/>
          <xsl:for-each select="tei:date[1]">
            <xsl:text>, </xsl:text>
            <xsl:apply-templates/>
          </xsl:for-each>
        </dd>
      </xsl:for-each>
      <xsl:for-each select="tei:publicationStmt/tei:availability">
        <dt>Licence</dt>
        <dd><xsl:apply-templates select="tei:licence/node() | tei:p/node()"/></dd>
      </xsl:for-each>
      <xsl:for-each select="tei:extent[1]">
        <dt>Extent</dt>
        <dd><xsl:apply-templates/></dd>
      </xsl:for-each>
    </dl>
  </xsl:template>

  <!-- ===== table of contents ============================================ -->
  <xsl:template mode="toc"
      match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <li>
      <a>
        <xsl:attribute name="href">#<xsl:call-template name="div-id"/></xsl:attribute>
        <xsl:call-template name="div-label"/>
      </a>
      <xsl:variable name="children"
          select="tei:div | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7"/>
      <xsl:if test="$children">
        <ol><xsl:apply-templates select="$children" mode="toc"/></ol>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template name="div-id">
    <xsl:choose>
      <xsl:when test="@xml:id"><xsl:value-of select="@xml:id"/></xsl:when>
      <!-- A text floating inside a paragraph or verse line (rare): a running count. -->
      <xsl:when test="ancestor::tei:floatingText">
        <xsl:text>div-f</xsl:text>
        <xsl:number level="any"
            count="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7"/>
      </xsl:when>
      <xsl:otherwise>
        <!-- The division's place in the text, e.g. div-2.3.1 for body, third
             division, first subdivision: unique, and cheap on long texts. -->
        <xsl:text>div-</xsl:text>
        <xsl:number level="multiple" format="1.1"
            count="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7
                 | tei:front | tei:body | tei:back | tei:group | tei:group/tei:text"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The label of a division: its head, else a label made of its type and number. -->
  <xsl:template name="div-label">
    <xsl:choose>
      <xsl:when test="tei:head">
        <xsl:apply-templates select="tei:head[1]/node()" mode="plain"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:call-template name="type-label"/>
        <xsl:if test="@n">
          <xsl:text> </xsl:text>
          <xsl:value-of select="@n"/>
        </xsl:if>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="type-label">
    <xsl:variable name="type" select="translate(normalize-space(@type), '-_', '  ')"/>
    <xsl:choose>
      <xsl:when test="@type = 'source-info'">Source information</xsl:when>
      <xsl:when test="$type != ''">
        <xsl:value-of select="translate(substring($type, 1, 1), $lower, $upper)"/>
        <xsl:value-of select="substring($type, 2)"/>
      </xsl:when>
      <xsl:otherwise>Part</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== text structure =============================================== -->
  <xsl:template match="tei:teiHeader"/>

  <xsl:template match="tei:text">
    <div class="tei-text">
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <xsl:template match="tei:front | tei:body | tei:back | tei:group">
    <div class="{local-name()}">
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates/>
    </div>
  </xsl:template>

  <!-- The title block already shows the outermost text's title and author. -->
  <xsl:template match="tei:text[not(ancestor::tei:text)]/tei:front/tei:docTitle
                     | tei:text[not(ancestor::tei:text)]/tei:front/tei:docAuthor
                     | tei:text[not(ancestor::tei:text)]/tei:front/tei:docDate">
    <xsl:if test="count(. | $folded) != count($folded)">
      <div class="{local-name()}"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <xsl:variable name="level"
        select="2 + count(ancestor::*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3
                or self::tei:div4 or self::tei:div5 or self::tei:div6])"/>
    <section class="div {@type}">
      <xsl:attribute name="id"><xsl:call-template name="div-id"/></xsl:attribute>
      <xsl:call-template name="lang"/>
      <xsl:choose>
        <xsl:when test="tei:head">
          <xsl:element name="h{6 - (6 - $level) * ($level &lt; 6)}">
            <xsl:apply-templates select="tei:head[1]/node()"/>
          </xsl:element>
        </xsl:when>
        <xsl:when test="@n or @type">
          <xsl:element name="h{6 - (6 - $level) * ($level &lt; 6)}">
            <xsl:attribute name="class">generated</xsl:attribute>
            <xsl:call-template name="div-label"/>
          </xsl:element>
        </xsl:when>
      </xsl:choose>
      <xsl:apply-templates select="node()[not(self::tei:head and count(preceding-sibling::tei:head) = 0)]"/>
    </section>
  </xsl:template>

  <!-- The info block of the source, as transcribed: folded, the title block shows it. -->
  <xsl:template match="tei:div[@type = 'source-info']">
    <details class="source-info">
      <xsl:call-template name="attrs"/>
      <summary>Source information as transcribed</summary>
      <xsl:apply-templates/>
    </details>
  </xsl:template>

  <xsl:template match="tei:head">
    <p class="head"><xsl:call-template name="attrs"/><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:p | tei:ab">
    <xsl:choose>
      <xsl:when test="tei:list or tei:table or tei:lg or tei:figure or tei:sp or tei:p or tei:ab
                      or tei:quote[tei:p or tei:lg or tei:l] or tei:q[tei:p or tei:lg or tei:l]">
        <div class="p"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
      </xsl:when>
      <xsl:otherwise>
        <p><xsl:call-template name="attrs"/><xsl:apply-templates/></p>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:list">
    <xsl:apply-templates select="tei:head"/>
    <xsl:choose>
      <xsl:when test="tei:label">
        <dl class="list">
          <xsl:call-template name="attrs"/>
          <xsl:apply-templates select="node()[not(self::tei:head)]"/>
        </dl>
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
    <li><xsl:call-template name="attrs"/><xsl:apply-templates/></li>
  </xsl:template>

  <xsl:template match="tei:list[tei:label]/tei:label">
    <dt><xsl:call-template name="attrs"/><xsl:apply-templates/></dt>
  </xsl:template>

  <xsl:template match="tei:list[tei:label]/tei:item">
    <dd><xsl:call-template name="attrs"/><xsl:apply-templates/></dd>
  </xsl:template>

  <xsl:template match="tei:lg">
    <div class="lg"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:lg/tei:head">
    <p class="head"><xsl:call-template name="attrs"/><xsl:apply-templates/></p>
  </xsl:template>

  <xsl:template match="tei:l">
    <div class="l"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
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

  <xsl:template match="tei:table">
    <table>
      <xsl:call-template name="attrs"/>
      <xsl:if test="tei:head">
        <caption><xsl:apply-templates select="tei:head[1]/node()"/></caption>
      </xsl:if>
      <xsl:apply-templates select="tei:row"/>
    </table>
    <xsl:apply-templates select="node()[not(self::tei:row or self::tei:head[1])]"/>
  </xsl:template>

  <xsl:template match="tei:row">
    <tr><xsl:call-template name="attrs"/><xsl:apply-templates select="tei:cell"/></tr>
    <xsl:if test="*[not(self::tei:cell)]">
      <tr><td><xsl:apply-templates select="node()[not(self::tei:cell)]"/></td></tr>
    </xsl:if>
  </xsl:template>

  <xsl:template match="tei:cell">
    <td>
      <xsl:call-template name="attrs"/>
      <xsl:if test="@cols"><xsl:attribute name="colspan"><xsl:value-of select="@cols"/></xsl:attribute></xsl:if>
      <xsl:if test="@rows"><xsl:attribute name="rowspan"><xsl:value-of select="@rows"/></xsl:attribute></xsl:if>
      <xsl:apply-templates/>
    </td>
  </xsl:template>

  <!-- No images: the page loads nothing. Descriptions and captions stay. -->
  <xsl:template match="tei:figure">
    <figure><xsl:call-template name="attrs"/><xsl:apply-templates/></figure>
  </xsl:template>

  <xsl:template match="tei:figure/tei:head | tei:figDesc">
    <figcaption><xsl:apply-templates/></figcaption>
  </xsl:template>

  <xsl:template match="tei:graphic | tei:media | tei:binaryObject"/>

  <xsl:template match="tei:closer | tei:opener | tei:signed | tei:salute | tei:dateline
                     | tei:byline | tei:trailer | tei:epigraph | tei:argument | tei:postscript
                     | tei:docTitle | tei:docAuthor | tei:docDate | tei:docImprint | tei:docEdition
                     | tei:titlePage | tei:titlePart | tei:castList | tei:castItem">
    <div class="{local-name()}"><xsl:call-template name="attrs"/><xsl:apply-templates/></div>
  </xsl:template>

  <xsl:template match="tei:milestone">
    <xsl:choose>
      <xsl:when test="@rend">
        <p class="milestone" role="separator"><xsl:value-of select="@rend"/></p>
      </xsl:when>
      <xsl:otherwise>
        <hr class="milestone"/>
      </xsl:otherwise>
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

  <!-- ===== quotations and phrases ======================================= -->
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

  <xsl:template match="tei:quote | tei:cit">
    <xsl:choose>
      <xsl:when test="tei:p or tei:lg or tei:l or tei:sp or tei:list or tei:ab or tei:quote[tei:p or tei:lg]">
        <blockquote class="{local-name()}"><xsl:call-template name="attrs"/><xsl:apply-templates/></blockquote>
      </xsl:when>
      <xsl:otherwise>
        <span class="{local-name()}"><xsl:call-template name="attrs"/><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

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
      <xsl:if test="not(starts-with(normalize-space(.), ',') or preceding-sibling::node()[1][self::text()][normalize-space(.) != ''])">, </xsl:if>
      <xsl:apply-templates/></span>
  </xsl:template>

  <xsl:template match="tei:gap">
    <span class="gap" title="text omitted">[…]</span>
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

  <!-- ===== editorial layer =============================================== -->
  <!-- The reading branch (corr, reg, expan) shows by default; the diplomatic
       branch (sic, orig, abbr) shows when the diplomatic view is switched on. -->
  <xsl:template match="tei:choice">
    <span class="choice"><xsl:call-template name="attrs"/><xsl:apply-templates select="*"/></span>
  </xsl:template>

  <xsl:template match="tei:choice/tei:corr | tei:choice/tei:reg | tei:choice/tei:expan">
    <span class="{local-name()} reading-only">
      <xsl:attribute name="title">
        <xsl:text>As transcribed: </xsl:text>
        <xsl:value-of select="normalize-space(../tei:sic | ../tei:orig | ../tei:abbr)"/>
      </xsl:attribute>
      <xsl:apply-templates/>
    </span>
  </xsl:template>

  <xsl:template match="tei:choice/tei:sic | tei:choice/tei:orig | tei:choice/tei:abbr">
    <span class="{local-name()} diplomatic-only">
      <xsl:attribute name="title">
        <xsl:text>Editorial reading: </xsl:text>
        <xsl:value-of select="normalize-space(../tei:corr | ../tei:reg | ../tei:expan)"/>
      </xsl:attribute>
      <xsl:apply-templates/>
    </span>
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

  <!-- ===== entities ===================================================== -->
  <xsl:template match="tei:persName[ancestor::tei:text] | tei:placeName[ancestor::tei:text] | tei:orgName[ancestor::tei:text]">
    <xsl:variable name="class">
      <xsl:text>mention </xsl:text>
      <xsl:value-of select="local-name()"/>
      <xsl:if test="@cert = 'low' or contains(concat(' ', @resp, ' '), ' #ner ')"> suggested</xsl:if>
    </xsl:variable>
    <xsl:variable name="entry"><xsl:call-template name="entry-id"/></xsl:variable>
    <xsl:variable name="id">mention-<xsl:call-template name="mention-number"/></xsl:variable>
    <xsl:choose>
      <xsl:when test="not(ancestor::tei:ref or .//tei:ref or .//tei:ptr or .//tei:note
                      or .//tei:persName or .//tei:placeName or .//tei:orgName)">
        <a class="{$class}" id="{$id}" href="#{$entry}">
          <xsl:call-template name="lang"/>
          <xsl:if test="contains($class, 'suggested')">
            <xsl:attribute name="title">Machine suggestion, not reviewed</xsl:attribute>
          </xsl:if>
          <xsl:apply-templates/>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{$class}" id="{$id}"><xsl:call-template name="lang"/><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- The element's path of sibling positions (e.g. 1.2.4.3.7): unique and,
       unlike a running count, cheap to compute however many mentions there are. -->
  <xsl:template name="mention-number">
    <xsl:number level="multiple" count="*" format="1.1"/>
  </xsl:template>

  <xsl:template name="entry-id">
    <xsl:variable name="ref" select="normalize-space(@ref)"/>
    <xsl:text>ix-</xsl:text>
    <xsl:choose>
      <xsl:when test="contains($ref, '#')">
        <xsl:value-of select="translate(substring-after($ref, '#'), ' #', '__')"/>
      </xsl:when>
      <xsl:when test="$ref != ''">
        <xsl:value-of select="translate($ref, ' #', '__')"/>
      </xsl:when>
      <xsl:otherwise>
        <xsl:value-of select="local-name()"/>
        <xsl:text>-</xsl:text>
        <xsl:value-of select="translate(normalize-space(.), ' #', '__')"/>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="index">
    <xsl:if test="$entries">
      <section id="index" class="index" aria-labelledby="index-heading">
        <h2 id="index-heading">Index of persons, places and organisations</h2>
        <p class="index-note">Each entry counts its mentions in the text and links back to each
          of them. Entries marked <span class="suggested-sample">suggested</span> were proposed
          by automatic name recognition and have not been reviewed.</p>
        <xsl:call-template name="index-group">
          <xsl:with-param name="name">persName</xsl:with-param>
          <xsl:with-param name="heading">Persons</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="index-group">
          <xsl:with-param name="name">placeName</xsl:with-param>
          <xsl:with-param name="heading">Places</xsl:with-param>
        </xsl:call-template>
        <xsl:call-template name="index-group">
          <xsl:with-param name="name">orgName</xsl:with-param>
          <xsl:with-param name="heading">Organisations</xsl:with-param>
        </xsl:call-template>
      </section>
    </xsl:if>
  </xsl:template>

  <xsl:template name="index-group">
    <xsl:param name="name"/>
    <xsl:param name="heading"/>
    <xsl:variable name="group" select="$entries[local-name() = $name]"/>
    <xsl:if test="$group">
      <h3><xsl:value-of select="$heading"/></h3>
      <ul class="entries">
        <xsl:for-each select="$group">
          <xsl:sort select="normalize-space(.)"/>
          <xsl:variable name="members"
              select="(key('mention-by-ref', normalize-space(@ref))
                    | key('mention-by-name', concat(local-name(), ':', normalize-space(.)))[not(current()/@ref)])
                    [not(ancestor::*[count(. | $folded) = count($folded)])]"/>
          <xsl:variable name="suggested"
              select="not($members[not(@cert = 'low' or contains(concat(' ', @resp, ' '), ' #ner '))])"/>
          <li>
            <xsl:attribute name="id"><xsl:call-template name="entry-id"/></xsl:attribute>
            <xsl:if test="$suggested"><xsl:attribute name="class">suggested</xsl:attribute></xsl:if>
            <!-- Named by its fullest mention: "Nikolai Bukharin" rather than "N. Bukharin". -->
            <span class="entry-name">
              <xsl:for-each select="$members">
                <xsl:sort select="string-length(normalize-space(.))" data-type="number" order="descending"/>
                <xsl:if test="position() = 1"><xsl:apply-templates mode="plain"/></xsl:if>
              </xsl:for-each>
            </span>
            <xsl:if test="$suggested"><xsl:text> </xsl:text><span class="entry-flag">(suggested)</span></xsl:if>
            <xsl:text> </xsl:text>
            <span class="entry-count">
              <xsl:value-of select="count($members)"/>
              <xsl:choose>
                <xsl:when test="count($members) = 1"> mention</xsl:when>
                <xsl:otherwise> mentions</xsl:otherwise>
              </xsl:choose>
            </span>
            <xsl:text>: </xsl:text>
            <xsl:for-each select="$members">
              <xsl:if test="position() > 1"><xsl:text> </xsl:text></xsl:if>
              <a class="backlink">
                <xsl:attribute name="href">#mention-<xsl:call-template name="mention-number"/></xsl:attribute>
                <xsl:attribute name="aria-label">
                  <xsl:text>mention </xsl:text><xsl:value-of select="position()"/>
                </xsl:attribute>
                <xsl:value-of select="position()"/>
              </a>
            </xsl:for-each>
          </li>
        </xsl:for-each>
      </ul>
    </xsl:if>
  </xsl:template>

  <!-- ===== notes and references ========================================== -->
  <!-- A note standing between blocks (e.g. endnotes in back) stays in place;
       a note inside running text becomes a numbered marker and a footnote. -->
  <xsl:template match="tei:note">
    <div class="note {@type}">
      <xsl:call-template name="attrs"/>
      <xsl:apply-templates/>
      <xsl:call-template name="backlink"/>
    </div>
  </xsl:template>

  <xsl:template match="tei:note[ancestor::tei:p or ancestor::tei:ab or ancestor::tei:l or ancestor::tei:head
                or ancestor::tei:item or ancestor::tei:cell or ancestor::tei:q or ancestor::tei:quote
                or ancestor::tei:seg or ancestor::tei:hi or ancestor::tei:label or ancestor::tei:stage
                or ancestor::tei:speaker or ancestor::tei:titlePart or ancestor::tei:bibl]">
    <xsl:variable name="n"><xsl:call-template name="footnote-number"/></xsl:variable>
    <a class="noteref" role="doc-noteref" id="fnref-{$n}">
      <xsl:attribute name="href">#<xsl:call-template name="footnote-id"/></xsl:attribute>
      <sup>
        <xsl:choose>
          <xsl:when test="@n"><xsl:value-of select="@n"/></xsl:when>
          <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
        </xsl:choose>
      </sup>
    </a>
  </xsl:template>

  <xsl:template match="tei:teiHeader//tei:note" priority="2">
    <span class="note"> (<xsl:apply-templates/>)</span>
  </xsl:template>

  <xsl:template name="footnote-number">
    <xsl:number level="any" from="tei:TEI"
        count="tei:note[ancestor::tei:p or ancestor::tei:ab or ancestor::tei:l or ancestor::tei:head
                or ancestor::tei:item or ancestor::tei:cell or ancestor::tei:q or ancestor::tei:quote
                or ancestor::tei:seg or ancestor::tei:hi or ancestor::tei:label or ancestor::tei:stage
                or ancestor::tei:speaker or ancestor::tei:titlePart or ancestor::tei:bibl]"/>
  </xsl:template>

  <xsl:template name="footnote-id">
    <xsl:choose>
      <xsl:when test="@xml:id"><xsl:value-of select="@xml:id"/></xsl:when>
      <xsl:otherwise>fn-<xsl:call-template name="footnote-number"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template name="footnotes">

    <xsl:if test="$footnotes">
      <section id="footnotes" class="footnotes" aria-labelledby="footnotes-heading">
        <h2 id="footnotes-heading">Notes</h2>
        <ol>
          <xsl:for-each select="$footnotes">
            <xsl:variable name="n"><xsl:call-template name="footnote-number"/></xsl:variable>
            <li>
              <xsl:attribute name="id"><xsl:call-template name="footnote-id"/></xsl:attribute>
              <xsl:call-template name="lang"/>
              <span class="label">
                <xsl:choose>
                  <xsl:when test="@n"><xsl:value-of select="@n"/></xsl:when>
                  <xsl:otherwise><xsl:value-of select="$n"/></xsl:otherwise>
                </xsl:choose>
              </span>
              <xsl:text> </xsl:text>
              <xsl:apply-templates/>
              <xsl:text> </xsl:text>
              <a class="backlink" href="#fnref-{$n}" aria-label="Back to the text">&#8617;&#65038;</a>
              <xsl:call-template name="backlink"/>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- Links from a note (or any element with an id) back to the refs pointing at it. -->
  <xsl:template name="backlink">
    <xsl:if test="@xml:id">
      <xsl:for-each select="key('ref-by-target', concat('#', @xml:id))[1]">
        <xsl:text> </xsl:text>
        <a class="backlink" aria-label="Back to the text">
          <xsl:attribute name="href">#<xsl:call-template name="ref-id"/></xsl:attribute>
          <xsl:text>&#8617;&#65038;</xsl:text>
        </a>
      </xsl:for-each>
    </xsl:if>
  </xsl:template>

  <xsl:template name="ref-id">
    <xsl:choose>
      <xsl:when test="@xml:id"><xsl:value-of select="@xml:id"/></xsl:when>
      <xsl:otherwise>ref-<xsl:value-of select="translate(substring(normalize-space(@target), 2), ' #', '__')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <xsl:template match="tei:ref | tei:ptr">
    <xsl:variable name="target" select="normalize-space(@target)"/>
    <xsl:variable name="internal"
        select="starts-with($target, '#') and not(contains($target, ' ')) and key('id', substring($target, 2))"/>
    <xsl:variable name="nested"
        select=".//tei:ref or .//tei:note or .//tei:persName or .//tei:placeName or .//tei:orgName
                or ancestor::tei:ref or ancestor::tei:persName or ancestor::tei:placeName or ancestor::tei:orgName"/>
    <xsl:choose>
      <xsl:when test="not($nested) and ($internal or starts-with($target, 'http://') or starts-with($target, 'https://'))">
        <a class="{local-name()} {@type}" href="{$target}">
          <xsl:choose>
            <xsl:when test="$internal and count(. | key('ref-by-target', $target)[1]) = 1">
              <xsl:attribute name="id"><xsl:call-template name="ref-id"/></xsl:attribute>
            </xsl:when>
            <xsl:otherwise><xsl:call-template name="attrs"/></xsl:otherwise>
          </xsl:choose>
          <xsl:if test="@type = 'noteAnchor'"><xsl:attribute name="role">doc-noteref</xsl:attribute></xsl:if>
          <xsl:apply-templates/>
          <xsl:if test="self::tei:ptr"><xsl:value-of select="$target"/></xsl:if>
        </a>
      </xsl:when>
      <xsl:otherwise>
        <span class="{local-name()}"><xsl:call-template name="attrs"/><xsl:apply-templates/></span>
      </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== editorial practice (encodingDesc) ============================= -->
  <xsl:template name="editorial-practice">
    <section id="editorial-practice" class="editorial-practice" aria-labelledby="practice-heading">
      <h2 id="practice-heading">Editorial practice</h2>
      <xsl:variable name="decls"
          select="$header/tei:encodingDesc/tei:projectDesc | $header/tei:encodingDesc/tei:samplingDecl
                | $header/tei:encodingDesc/tei:editorialDecl/*"/>
      <xsl:for-each select="$decls">
        <h3><xsl:call-template name="decl-label"/></h3>
        <xsl:choose>
          <xsl:when test="tei:p | tei:ab | tei:list">
            <xsl:apply-templates/>
          </xsl:when>
          <xsl:otherwise><p><xsl:apply-templates/></p></xsl:otherwise>
        </xsl:choose>
      </xsl:for-each>
      <xsl:if test="not($decls)">
        <p>The TEI header of this text does not describe its editorial practice.</p>
      </xsl:if>
      <xsl:if test="$texts//tei:choice">
        <p class="practice-display">In this edition corrected readings are marked; hover over
          one to see the text as transcribed, or switch on the diplomatic view at the top of
          the page.</p>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="decl-label">
    <xsl:choose>
      <xsl:when test="self::tei:correction">Corrections</xsl:when>
      <xsl:when test="self::tei:normalization">Normalisation</xsl:when>
      <xsl:when test="self::tei:quotation">Quotation</xsl:when>
      <xsl:when test="self::tei:hyphenation">Hyphenation</xsl:when>
      <xsl:when test="self::tei:segmentation">Segmentation</xsl:when>
      <xsl:when test="self::tei:interpretation">Interpretation</xsl:when>
      <xsl:when test="self::tei:punctuation">Punctuation</xsl:when>
      <xsl:when test="self::tei:stdVals">Standard values</xsl:when>
      <xsl:when test="self::tei:projectDesc">Project</xsl:when>
      <xsl:when test="self::tei:samplingDecl">Sampling</xsl:when>
      <xsl:otherwise>General</xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== plain mode: text only, for labels (TOC, index) =============== -->
  <xsl:template match="tei:note | tei:choice/tei:sic | tei:choice/tei:orig | tei:choice/tei:abbr
                     | tei:teiHeader" mode="plain"/>

  <xsl:template match="tei:q[not(tei:p or tei:lg or tei:l)]" mode="plain">
    <xsl:call-template name="open-quote"/>
    <xsl:apply-templates mode="plain"/>
    <xsl:call-template name="close-quote"/>
  </xsl:template>

  <!-- ===== fall-through and shared attributes ============================ -->
  <xsl:template match="*">
    <xsl:if test="@xml:id and key('ref-by-target', concat('#', @xml:id))">
      <span id="{@xml:id}"></span>
    </xsl:if>
    <xsl:apply-templates/>
  </xsl:template>

  <xsl:template match="*" mode="plain">
    <xsl:apply-templates mode="plain"/>
  </xsl:template>

  <xsl:template match="text()" mode="plain">
    <xsl:value-of select="."/>
  </xsl:template>

  <xsl:template match="comment() | processing-instruction()"/>
  <xsl:template match="comment() | processing-instruction()" mode="plain"/>

  <xsl:template name="attrs">
    <xsl:if test="@xml:id"><xsl:attribute name="id"><xsl:value-of select="@xml:id"/></xsl:attribute></xsl:if>
    <xsl:call-template name="lang"/>
  </xsl:template>

  <xsl:template name="lang">
    <xsl:if test="@xml:lang"><xsl:attribute name="lang"><xsl:value-of select="@xml:lang"/></xsl:attribute></xsl:if>
  </xsl:template>

  <!-- ===== style ======================================================== -->
  <xsl:template name="css">
:root { color-scheme: light; --ink: #1b1b1b; --paper: #fdfdfb; --muted: #4a4a4a; --rule: #d6d3cc;
  --link: #0b4f8a; --person: #0b4f8a; --place: #0a6136; --org: #6d2a80; --corr: #fff1c2; --sic: #fde0e0; }
* { box-sizing: border-box; }
html { font-size: 112.5%; }
body { margin: 0 auto; max-width: 44rem; padding: 1rem 1.25rem 3rem; background: var(--paper); color: var(--ink);
  font-family: Georgia, "Times New Roman", serif; line-height: 1.6; overflow-wrap: break-word; }
a { color: var(--link); }
a:focus-visible, input:focus-visible + label { outline: 3px solid #c25e00; outline-offset: 2px; }
.skip-link { position: absolute; left: -999rem; }
.skip-link:focus { position: static; display: inline-block; padding: .25rem .5rem; background: #fff; }
h1, h2, h3, h4, h5, h6 { font-family: "Helvetica Neue", Arial, sans-serif; line-height: 1.25; }
h1 { font-size: 1.9rem; margin: .25rem 0 1rem; }
h2 { font-size: 1.35rem; margin-top: 2.25rem; }
h3 { font-size: 1.15rem; }
h4, h5, h6 { font-size: 1rem; }
.generated { color: var(--muted); font-weight: normal; font-size: .95rem; letter-spacing: .04em; }
.title-block { border-bottom: 1px solid var(--rule); padding-bottom: 1rem; }
.title-block .author { font-size: 1.15rem; margin: 1rem 0 0; }
.subtitle { font-style: italic; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .9rem; margin: 1rem 0; }
dl.meta dt { font-weight: bold; color: var(--muted); }
dl.meta dd { margin: 0; }
.view-switch { background: #f1efe9; border: 1px solid var(--rule); border-radius: .3rem; padding: .5rem .75rem; font-size: .9rem; }
.view-switch input { width: 1.1rem; height: 1.1rem; vertical-align: -.15rem; }
nav.toc { font-size: .95rem; border-bottom: 1px solid var(--rule); }
nav.toc ol { padding-left: 1.25rem; }
details.source-info { font-size: .9rem; margin: 1rem 0; color: var(--muted); }
blockquote { margin: 1rem 1.5rem; }
.lg { margin: 1rem 0; }
.l { padding-left: 1.5rem; text-indent: -1.5rem; }
.speaker { font-weight: bold; margin-bottom: 0; }
.stage { font-style: italic; }
.foreign, .term, .mentioned, .soCalled { font-style: italic; }
.milestone { text-align: center; letter-spacing: .5em; }
.pb::before { content: "[" attr(data-n) "]"; color: var(--muted); font-size: .75rem; vertical-align: super; }
.pb[data-n=""]::before { content: ""; }
.gap, .supplied { color: var(--muted); }
.unclear { text-decoration: underline dotted; }
table { border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }
td { border: 1px solid var(--rule); padding: .2rem .5rem; vertical-align: top; }
.mention { text-decoration: none; border-bottom: 1px solid currentColor; }
a.mention:hover { background: #eef3f9; }
.persName { color: var(--person); }
.placeName { color: var(--place); }
.orgName { color: var(--org); }
.mention.suggested, .suggested-sample { border-bottom: 1px dashed currentColor; color: #5c4400; }
.mention.suggested::after { content: "?"; font-size: .7em; vertical-align: super; }
.corr, .reg, .expan { background: var(--corr); border-bottom: 1px dotted #8a6d00; cursor: help; }
.sic, .orig, .abbr { background: var(--sic); border-bottom: 1px dotted #9b1c1c; cursor: help; }
.diplomatic-only { display: none; }
body:has(#view-diplomatic:checked) .diplomatic-only { display: inline; }
body:has(#view-diplomatic:checked) .reading-only { display: none; }
.rdgs { color: var(--muted); font-size: .9em; }
.noteref sup, sup { line-height: 0; }
.note { font-size: .95rem; margin: .5rem 0; }
.footnotes { font-size: .95rem; border-top: 1px solid var(--rule); }
.footnotes ol { list-style: none; padding-left: 0; }
.footnotes .label { font-weight: bold; }
.backlink { padding: 0 .15rem; }
.index ul.entries { list-style: none; padding-left: 0; }
.index li { margin: .3rem 0; }
.entry-name { font-weight: bold; }
.entry-count, .entry-flag { color: var(--muted); }
.index li.suggested .entry-name { font-weight: normal; font-style: italic; }
.colophon { margin-top: 3rem; font-size: .85rem; color: var(--muted); border-top: 1px solid var(--rule); }
@media (max-width: 36rem) {
  html { font-size: 100%; }
  body { padding: .75rem .9rem 2rem; }
  dl.meta { grid-template-columns: 1fr; }
  dl.meta dd { margin-bottom: .4rem; }
  blockquote { margin: 1rem .75rem; }
}
@media print {
  html { font-size: 11pt; }
  body { max-width: none; padding: 0; background: #fff; color: #000; }
  nav.toc, .view-switch, .skip-link, .backlink, .index-note { display: none; }
  a { color: inherit; text-decoration: none; }
  .mention { border-bottom: 0; }
  .mention.suggested::after { content: ""; }
  .corr, .reg, .expan, .sic, .orig, .abbr { background: none; border-bottom: 0; }
  details.source-info { display: none; }
  h1, h2, h3, h4 { break-after: avoid; }
  p, li { orphans: 3; widows: 3; }
  .index { break-before: page; }
}
</xsl:template>

</xsl:stylesheet>
