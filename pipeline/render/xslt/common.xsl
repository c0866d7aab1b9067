<?xml version="1.0" encoding="UTF-8"?>
<!--
  What the HTML page (elements.xsl) and the plain text (text.xsl) add to the
  words of the text in the same way: the punctuation an element implies
  where the source does not write it. Named templates, called with the
  element as the context node.
-->
<xsl:stylesheet version="1.0"
    xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
    xmlns:tei="http://www.tei-c.org/ns/1.0"
    exclude-result-prefixes="tei">

  <!-- A quotation's source under it follows a dash, unless it opens with
       one of its own ("— Marx", "- Marx"). -->
  <xsl:template name="source-dash">
    <xsl:variable name="first" select="substring(normalize-space(.), 1, 1)"/>
    <xsl:if test="$first = '' or not(contains('&#8212;&#8211;&#8213;-', $first))">&#8212; </xsl:if>
  </xsl:template>

  <!-- A role's description follows its role after a comma ("Polonius, lord
       chamberlain"), unless the source puts words between them or the
       description opens with a comma; after a part that ends with a comma
       ("Lords,") only a space, if the source has none. Nothing comes before
       the first part of a cast item. -->
  <xsl:template name="role-separator">
    <xsl:variable name="before" select="normalize-space(preceding-sibling::*[1])"/>
    <xsl:variable name="last" select="substring($before, string-length($before))"/>
    <xsl:variable name="spaced" select="preceding-sibling::node()[1][self::text()]"/>
    <xsl:choose>
      <xsl:when test="$before = '' or starts-with(normalize-space(.), ',')
                      or $spaced[normalize-space(.) != '']"/>
      <xsl:when test="contains(',;:', $last)">
        <xsl:if test="not($spaced)"><xsl:text> </xsl:text></xsl:if>
      </xsl:when>
      <xsl:otherwise>, </xsl:otherwise>
    </xsl:choose>
  </xsl:template>

</xsl:stylesheet>
