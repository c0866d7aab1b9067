<?xml version="1.0" encoding="UTF-8"?>
<!--
  TEI P5 to a standalone HTML5 reading edition (XSLT 1.0): the page.

  Input: a TEI document prepared by pipeline/render/prepare.py, which adds
  r: attributes (numbers, ids) and an r:page element (language, labels,
  the readers' statement of practice, the index of names). The elements of
  the text are in elements.xsl, the index in names.xsl; the CSS arrives as
  the parameter `css` (edition.css) and is inlined: the page loads nothing.

  Layers of the page: title block (teiHeader), contents, the text, notes,
  corrections (each with the transcribed reading and the editor's reason),
  editorial practice, index of names. A checkbox switches between the
  corrected and the transcribed text with CSS alone.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    xmlns:r="urn:tei-pipeline:render"
    exclude-result-prefixes="tei r">

  <xsl:include href="elements.xsl"/>
  <xsl:include href="names.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <!-- The contents of edition.css. -->
  <xsl:param name="css" select="''"/>

  <!-- libxslt builds every key in one go on first use: a key costs a pass
       over the document, so links between elements are worked out in prepare.py. -->
  <xsl:key name="reason" match="tei:note[@type = 'correction'][@target]" use="normalize-space(@target)"/>

  <!-- The header's pretty-printing around its elements is no text: a white
       space node opening or closing an element there is dropped (else
       "Marxists Internet Archive , 2005" in the title block). -->
  <xsl:template match="tei:teiHeader//text()[not(normalize-space())][not(preceding-sibling::node()) or not(following-sibling::node())]"/>

  <xsl:variable name="page" select="/*/r:page"/>
  <xsl:variable name="view" select="$page/@view"/>
  <xsl:variable name="review" select="$page/@review"/>
  <xsl:variable name="header" select="(//tei:teiHeader)[1]"/>
  <xsl:variable name="texts" select="//tei:text[not(ancestor::tei:text)]"/>
  <xsl:variable name="titles" select="$header/tei:fileDesc/tei:titleStmt/tei:title"/>
  <xsl:variable name="main-title" select="($titles[@type = 'main'] | $titles[not(@type)] | $titles)[1]"/>
  <xsl:variable name="footnotes" select="$texts//tei:note[@r:n]"/>
  <xsl:variable name="choices" select="$texts//tei:choice[@r:n]"/>
  <xsl:variable name="divs"
      select="$texts//*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3
              or self::tei:div4 or self::tei:div5 or self::tei:div6 or self::tei:div7]"/>

  <xsl:template match="/">
    <xsl:if test="not($page)">
      <xsl:message terminate="yes">not a prepared document: render it with pipeline.render.render</xsl:message>
    </xsl:if>
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
    <html lang="{$page/@lang}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <!-- An empty inline icon: browsers would otherwise ask the server for one. -->
        <link rel="icon" href="data:,"/>
        <title><xsl:call-template name="main-title-text"/></title>
        <style><xsl:value-of select="$css"/></style>
      </head>
      <body>
        <xsl:if test="$review = 'yes'"><xsl:attribute name="class">review</xsl:attribute></xsl:if>
        <a class="skip-link" href="#main"><xsl:value-of select="key('label', 'skip')"/></a>
        <xsl:call-template name="site-nav"/>
        <header class="title-block">
          <xsl:call-template name="title-block"/>
        </header>
        <xsl:call-template name="contents"/>
        <main id="main">
          <article class="text">
            <xsl:choose>
              <xsl:when test="$texts"><xsl:apply-templates select="$texts"/></xsl:when>
              <xsl:otherwise><xsl:apply-templates select="/*/node()[not(self::r:page)]"/></xsl:otherwise>
            </xsl:choose>
            <xsl:call-template name="footnotes"/>
          </article>
          <xsl:call-template name="corrections"/>
          <xsl:call-template name="practice"/>
          <xsl:apply-templates select="$page/r:index[r:entry]"/>
        </main>
        <footer class="colophon">
          <p><xsl:value-of select="key('label', 'colophon')"/></p>
          <xsl:if test="$review = 'yes'">
            <xsl:for-each select="$header/tei:revisionDesc/tei:change">
              <p class="change"><xsl:apply-templates/></p>
            </xsl:for-each>
          </xsl:if>
        </footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="site-nav">
    <xsl:if test="$page/@site = 'yes'">
      <nav class="site" aria-label="{key('label', 'texts')}">
        <a href="index.html"><xsl:value-of select="key('label', 'all-texts')"/></a>
        <xsl:text> · </xsl:text>
        <a href="names.html"><xsl:value-of select="key('label', 'site-index')"/></a>
        <xsl:text> · </xsl:text>
        <a href="index.html#search"><xsl:value-of select="key('label', 'search')"/></a>
      </nav>
    </xsl:if>
  </xsl:template>

  <xsl:template name="main-title-text">
    <xsl:choose>
      <xsl:when test="$main-title"><xsl:apply-templates select="$main-title/node()" mode="plain"/></xsl:when>
      <xsl:when test="$texts//tei:docTitle"><xsl:apply-templates select="($texts//tei:docTitle)[1]" mode="plain"/></xsl:when>
      <xsl:otherwise><xsl:value-of select="key('label', 'untitled')"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== title block (teiHeader and the front's title parts) =========== -->
  <xsl:template name="title-block">
    <xsl:variable name="file" select="$header/tei:fileDesc"/>
    <xsl:variable name="front" select="$texts[1]/tei:front"/>
    <xsl:for-each select="$file/tei:titleStmt/tei:author">
      <p class="author"><xsl:apply-templates/></p>
    </xsl:for-each>
    <h1><xsl:call-template name="main-title-text"/></h1>
    <xsl:variable name="subtitles" select="$titles[count(. | $main-title) != 1]"/>
    <xsl:for-each select="$subtitles">
      <p class="subtitle"><xsl:apply-templates/></p>
    </xsl:for-each>
    <xsl:if test="$main-title and not($subtitles)">
      <xsl:for-each select="$front/tei:docTitle/tei:titlePart[position() > 1 or @type = 'sub'][not(@type = 'main')]">
        <p class="subtitle"><xsl:apply-templates/></p>
      </xsl:for-each>
    </xsl:if>
    <xsl:if test="$main-title">
      <xsl:for-each select="$front/tei:docDate">
        <p class="docDate"><xsl:apply-templates/></p>
      </xsl:for-each>
    </xsl:if>
    <dl class="meta">
      <xsl:for-each select="($file/tei:sourceDesc/tei:bibl | $file/tei:sourceDesc/tei:biblStruct | $file/tei:sourceDesc/tei:p)[1]">
        <dt><xsl:value-of select="key('label', 'source')"/></dt>
        <dd><xsl:apply-templates select="."/></dd>
      </xsl:for-each>
      <xsl:for-each select="$file/tei:titleStmt/tei:respStmt[$review = 'yes' or not(@r:machine)]
                          | $file/tei:titleStmt/tei:editor">
        <dt>
          <xsl:choose>
            <xsl:when test="tei:resp"><xsl:apply-templates select="tei:resp[1]/node()"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="key('label', 'editor')"/></xsl:otherwise>
          </xsl:choose>
        </dt>
        <dd>
          <xsl:for-each select="*[not(self::tei:resp)] | self::tei:editor">
            <xsl:if test="position() > 1">, </xsl:if>
            <xsl:apply-templates/>
          </xsl:for-each>
        </dd>
      </xsl:for-each>
      <xsl:for-each select="$file/tei:publicationStmt[tei:publisher or tei:distributor or tei:authority]">
        <dt><xsl:value-of select="key('label', 'published')"/></dt>
        <dd>
          <xsl:apply-templates select="(tei:publisher | tei:distributor | tei:authority)[1]/node()"/>
          <xsl:for-each select="tei:date[1]">
            <xsl:text>, </xsl:text>
            <xsl:apply-templates/>
          </xsl:for-each>
        </dd>
      </xsl:for-each>
      <xsl:for-each select="$file/tei:publicationStmt/tei:availability">
        <dt><xsl:value-of select="key('label', 'licence')"/></dt>
        <dd><xsl:apply-templates select="tei:licence/node() | tei:p/node()"/></dd>
      </xsl:for-each>
      <xsl:for-each select="$file/tei:extent[1]">
        <dt><xsl:value-of select="key('label', 'extent')"/></dt>
        <dd><xsl:apply-templates/></dd>
      </xsl:for-each>
    </dl>
    <xsl:if test="$choices">
      <p class="view-switch">
        <input type="checkbox" id="view-diplomatic">
          <xsl:if test="$view = 'diplomatic'"><xsl:attribute name="checked">checked</xsl:attribute></xsl:if>
        </input>
        <xsl:text> </xsl:text>
        <label for="view-diplomatic"><xsl:value-of select="key('label', 'switch')"/></label>
      </p>
    </xsl:if>
    <xsl:if test="$review = 'yes'">
      <p class="review-note" role="note"><xsl:value-of select="key('label', 'review')"/></p>
    </xsl:if>
  </xsl:template>

  <!-- ===== contents ====================================================== -->
  <xsl:template name="contents">
    <nav class="toc" aria-labelledby="toc-heading">
      <h2 id="toc-heading"><xsl:value-of select="key('label', 'contents')"/></h2>
      <ul>
        <xsl:apply-templates mode="toc"
            select="$divs[not(ancestor::*[self::tei:div or self::tei:div1 or self::tei:div2 or self::tei:div3
                    or self::tei:div4 or self::tei:div5 or self::tei:div6])][not(@type = 'source-info' or @type = 'corrections')]"/>
        <xsl:if test="$footnotes"><li><a href="#footnotes"><xsl:value-of select="key('label', 'notes')"/></a></li></xsl:if>
        <xsl:if test="$choices"><li><a href="#corrections"><xsl:value-of select="key('label', 'corrections')"/></a></li></xsl:if>
        <li><a href="#editorial-practice"><xsl:value-of select="key('label', 'practice')"/></a></li>
        <xsl:if test="$page/r:index/r:entry"><li><a href="#index"><xsl:value-of select="key('label', 'index')"/></a></li></xsl:if>
      </ul>
    </nav>
  </xsl:template>

  <!-- A titled division is an entry; an untitled one lends its place to the
       titled divisions inside it (no made-up titles). -->
  <xsl:template mode="toc"
      match="tei:div | tei:div1 | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7">
    <xsl:variable name="children"
        select="tei:div | tei:div2 | tei:div3 | tei:div4 | tei:div5 | tei:div6 | tei:div7"/>
    <xsl:choose>
      <xsl:when test="tei:head">
        <li>
          <a href="#{@r:id}"><xsl:apply-templates select="tei:head[1]/node()" mode="plain"/></a>
          <xsl:if test="$children//tei:head">
            <ul><xsl:apply-templates select="$children" mode="toc"/></ul>
          </xsl:if>
        </li>
      </xsl:when>
      <xsl:otherwise><xsl:apply-templates select="$children" mode="toc"/></xsl:otherwise>
    </xsl:choose>
  </xsl:template>

  <!-- ===== notes ========================================================= -->
  <xsl:template name="footnotes">
    <xsl:if test="$footnotes">
      <section id="footnotes" class="footnotes" aria-labelledby="footnotes-heading">
        <h2 id="footnotes-heading"><xsl:value-of select="key('label', 'notes')"/></h2>
        <ol>
          <xsl:for-each select="$footnotes">
            <li id="{@r:id}">
              <xsl:call-template name="lang"/>
              <span class="label"><xsl:call-template name="note-label"/></span>
              <xsl:text> </xsl:text>
              <xsl:apply-templates/>
              <xsl:text> </xsl:text>
              <a class="backlink" href="#{@r:ref}" role="doc-backlink" aria-label="{key('label', 'back')}">&#8617;&#65038;</a>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ===== corrections =================================================== -->
  <xsl:template name="corrections">
    <xsl:if test="$choices">
      <section id="corrections" class="corrections" aria-labelledby="corrections-heading">
        <h2 id="corrections-heading"><xsl:value-of select="key('label', 'corrections')"/></h2>
        <p class="intro"><xsl:value-of select="key('label', 'corrections-intro')"/></p>
        <ol>
          <xsl:for-each select="$choices">
            <xsl:variable name="fixed" select="(tei:corr | tei:reg | tei:expan)[1]"/>
            <xsl:variable name="source" select="(tei:sic | tei:orig | tei:abbr)[1]"/>
            <xsl:variable name="reasons"
                select="key('reason', concat('#', @xml:id)) | key('reason', concat('#', $fixed/@xml:id))
                      | key('reason', concat('#', $source/@xml:id))"/>
            <li id="{@r:app}">
              <a class="lemma" href="#{@r:id}"><xsl:apply-templates select="$fixed/node()" mode="plain"/></a>
              <span class="sep">]</span>
              <xsl:text> </xsl:text>
              <span class="transcribed">
                <xsl:value-of select="key('label', 'as-transcribed')"/>
                <xsl:text>: </xsl:text>
                <span class="reading"><xsl:apply-templates select="$source/node()" mode="plain"/></span>
              </span>
              <xsl:for-each select="$reasons">
                <xsl:text> </xsl:text>
                <span class="reason"><xsl:call-template name="lang"/><xsl:apply-templates/></span>
              </xsl:for-each>
            </li>
          </xsl:for-each>
        </ol>
      </section>
    </xsl:if>
  </xsl:template>

  <!-- ===== editorial practice ============================================ -->
  <!-- For readers: what the edition did, in the page's language. The TEI
       header's technical statement is shown in the editor's view only. -->
  <xsl:template name="practice">
    <section id="editorial-practice" class="editorial-practice" aria-labelledby="practice-heading">
      <h2 id="practice-heading"><xsl:value-of select="key('label', 'practice')"/></h2>
      <xsl:for-each select="$page/r:practice/r:p">
        <p><xsl:value-of select="."/></p>
      </xsl:for-each>
      <xsl:variable name="decls"
          select="$header/tei:encodingDesc/tei:projectDesc | $header/tei:encodingDesc/tei:samplingDecl
                | $header/tei:encodingDesc/tei:editorialDecl/*"/>
      <xsl:if test="$review = 'yes' and $decls">
        <h3><xsl:value-of select="key('label', 'encoding')"/></h3>
        <xsl:for-each select="$decls">
          <div class="decl">
            <p class="decl-name"><xsl:value-of select="local-name()"/></p>
            <xsl:apply-templates/>
          </div>
        </xsl:for-each>
      </xsl:if>
    </section>
  </xsl:template>

</xsl:stylesheet>
