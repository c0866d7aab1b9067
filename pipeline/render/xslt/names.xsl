<?xml version="1.0" encoding="UTF-8"?>
<!--
  The index of names, for a text's page and for the whole site, and the
  labels every page reads. The entries arrive made and sorted (r:index, see
  names.py): each has its preferred form, dates and description from the
  authority list, linked identifiers, and its mentions with a few words of
  context, each linking back to the place in the text. Names in a text's
  credits are listed apart from names in the text.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:r="urn:tei-pipeline:render"
    exclude-result-prefixes="r">

  <xsl:key name="label" match="r:label" use="@key"/>

  <xsl:variable name="group-heading">
    <xsl:choose>
      <xsl:when test="/*/r:index/@site = 'yes'">h2</xsl:when>
      <xsl:otherwise>h3</xsl:otherwise>
    </xsl:choose>
  </xsl:variable>

  <xsl:template match="r:index">
    <section id="index" class="index">
      <xsl:if test="not(@site = 'yes')"><xsl:attribute name="aria-labelledby">index-heading</xsl:attribute></xsl:if>
      <!-- On the site's own page the page's title names the index. -->
      <xsl:if test="not(@site = 'yes')">
        <h2 id="index-heading"><xsl:value-of select="key('label', 'index')"/></h2>
      </xsl:if>
      <p class="intro"><xsl:value-of select="key('label', 'index-intro')"/></p>
      <xsl:call-template name="group">
        <xsl:with-param name="type">person</xsl:with-param>
        <xsl:with-param name="heading" select="key('label', 'persons')"/>
      </xsl:call-template>
      <xsl:call-template name="group">
        <xsl:with-param name="type">place</xsl:with-param>
        <xsl:with-param name="heading" select="key('label', 'places')"/>
      </xsl:call-template>
      <xsl:call-template name="group">
        <xsl:with-param name="type">org</xsl:with-param>
        <xsl:with-param name="heading" select="key('label', 'organisations')"/>
      </xsl:call-template>
      <xsl:variable name="credited" select="r:entry[r:credit]"/>
      <xsl:if test="$credited">
        <xsl:element name="{$group-heading}">
          <xsl:attribute name="id">credits</xsl:attribute>
          <xsl:value-of select="key('label', 'credits')"/>
        </xsl:element>
        <p class="intro"><xsl:value-of select="key('label', 'index-credits-intro')"/></p>
        <ul class="entries credits">
          <xsl:for-each select="$credited">
            <li>
              <xsl:if test="not(r:mention)"><xsl:attribute name="id"><xsl:value-of select="@key"/></xsl:attribute></xsl:if>
              <xsl:call-template name="heading"/>
              <xsl:text> </xsl:text>
              <span class="roles">
                <xsl:text>— </xsl:text>
                <xsl:for-each select="r:credit[. != '']">
                  <xsl:if test="position() > 1">; </xsl:if>
                  <xsl:value-of select="."/>
                </xsl:for-each>
              </span>
            </li>
          </xsl:for-each>
        </ul>
      </xsl:if>
    </section>
  </xsl:template>

  <xsl:template name="group">
    <xsl:param name="type"/>
    <xsl:param name="heading"/>
    <xsl:variable name="group" select="r:entry[@type = $type][r:mention]"/>
    <xsl:if test="$group">
      <xsl:element name="{$group-heading}"><xsl:value-of select="$heading"/></xsl:element>
      <ul class="entries">
        <xsl:apply-templates select="$group"/>
      </ul>
    </xsl:if>
  </xsl:template>

  <xsl:template match="r:entry">
    <li id="{@key}" class="entry">
      <xsl:if test="@suggested"><xsl:attribute name="class">entry suggested</xsl:attribute></xsl:if>
      <xsl:call-template name="heading"/>
      <ul class="mentions">
        <xsl:for-each select="r:mention">
          <!-- In the site's index the mentions come text by text, each text named once. -->
          <xsl:if test="@first">
            <li class="in-text"><cite><xsl:value-of select="@text"/></cite></li>
          </xsl:if>
          <li>
            <a class="backlink" href="{@href}">
              <xsl:if test="r:before != ''">…<xsl:value-of select="r:before"/><xsl:text> </xsl:text></xsl:if>
              <b><xsl:value-of select="r:hit"/></b>
              <xsl:if test="r:after != ''"><xsl:value-of select="r:after"/>…</xsl:if>
            </a>
          </li>
        </xsl:for-each>
      </ul>
    </li>
  </xsl:template>

  <!-- "Marx, Karl (1818–1883). German philosopher … Wikidata Q9061" -->
  <xsl:template name="heading">
    <span class="entry-name"><xsl:value-of select="@name"/></span>
    <xsl:if test="@dates"><xsl:text> </xsl:text><span class="dates">(<xsl:value-of select="@dates"/>)</span></xsl:if>
    <xsl:if test="@description"><xsl:text>. </xsl:text><span class="description"><xsl:value-of select="@description"/></span></xsl:if>
    <xsl:for-each select="r:idno">
      <xsl:text> </xsl:text>
      <xsl:choose>
        <xsl:when test="@href"><a class="idno" href="{@href}"><xsl:value-of select="@type"/>: <xsl:value-of select="."/></a></xsl:when>
        <xsl:otherwise><span class="idno"><xsl:value-of select="@type"/>: <xsl:value-of select="."/></span></xsl:otherwise>
      </xsl:choose>
    </xsl:for-each>
    <xsl:if test="@suggested">
      <xsl:text> </xsl:text><span class="entry-flag">(<xsl:value-of select="key('label', 'suggested')"/>)</span>
    </xsl:if>
  </xsl:template>

</xsl:stylesheet>
