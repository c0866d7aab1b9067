<?xml version="1.0" encoding="UTF-8"?>
<!--
  The pages of a site of texts (XSLT 1.0): the list of texts with the search
  form (which = 'texts', index.html) and the index of names across all texts
  (which = 'names', names.html). Input: an r:site document made by site.py.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:r="urn:tei-pipeline:render"
    exclude-result-prefixes="r">

  <xsl:include href="names.xsl"/>

  <xsl:output method="html" encoding="UTF-8" indent="no"/>

  <xsl:param name="which" select="'texts'"/>
  <xsl:param name="css" select="''"/>
  <xsl:param name="script" select="''"/>

  <xsl:template match="/r:site">
    <xsl:text disable-output-escaping="yes">&lt;!DOCTYPE html&gt;&#10;</xsl:text>
    <html lang="{@lang}">
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <link rel="icon" href="data:,"/>
        <title>
          <xsl:choose>
            <xsl:when test="$which = 'names'"><xsl:value-of select="key('label', 'site-index')"/></xsl:when>
            <xsl:otherwise><xsl:value-of select="key('label', 'texts')"/></xsl:otherwise>
          </xsl:choose>
        </title>
        <style><xsl:value-of select="$css"/></style>
      </head>
      <body>
        <a class="skip-link" href="#main"><xsl:value-of select="key('label', 'skip')"/></a>
        <nav class="site" aria-label="{key('label', 'texts')}">
          <a href="index.html"><xsl:value-of select="key('label', 'all-texts')"/></a>
          <xsl:text> · </xsl:text>
          <a href="names.html"><xsl:value-of select="key('label', 'site-index')"/></a>
        </nav>
        <xsl:choose>
          <xsl:when test="$which = 'names'">
            <header><h1><xsl:value-of select="key('label', 'site-index')"/></h1></header>
            <main id="main"><xsl:apply-templates select="r:index"/></main>
          </xsl:when>
          <xsl:otherwise>
            <header><h1><xsl:value-of select="key('label', 'texts')"/></h1></header>
            <main id="main"><xsl:call-template name="texts"/></main>
          </xsl:otherwise>
        </xsl:choose>
        <footer class="colophon"><p><xsl:value-of select="key('label', 'colophon')"/></p></footer>
      </body>
    </html>
  </xsl:template>

  <xsl:template name="texts">
    <p class="intro"><xsl:value-of select="key('label', 'texts-intro')"/></p>
    <section id="search" class="search" aria-labelledby="search-heading">
      <h2 id="search-heading"><xsl:value-of select="key('label', 'search')"/></h2>
      <form id="search-form" role="search" hidden="hidden" data-none="{key('label', 'search-none')}">
        <label for="search-input"><xsl:value-of select="key('label', 'search-label')"/></label>
        <xsl:text> </xsl:text>
        <input type="search" id="search-input" name="q"/>
        <xsl:text> </xsl:text>
        <button type="submit"><xsl:value-of select="key('label', 'search')"/></button>
      </form>
      <p id="search-status" role="status"></p>
      <ul id="search-results"></ul>
      <noscript><p><xsl:value-of select="key('label', 'search-noscript')"/></p></noscript>
    </section>
    <section aria-labelledby="texts-heading">
      <h2 id="texts-heading"><xsl:value-of select="key('label', 'all-texts')"/></h2>
      <ul class="texts">
        <xsl:for-each select="r:text">
          <li>
            <a href="{@href}"><xsl:value-of select="@title"/></a>
            <xsl:if test="@author != ''"><xsl:text> </xsl:text><span class="author">— <xsl:value-of select="@author"/></span></xsl:if>
          </li>
        </xsl:for-each>
      </ul>
    </section>
    <script><xsl:value-of select="$script" disable-output-escaping="yes"/></script>
  </xsl:template>

</xsl:stylesheet>
