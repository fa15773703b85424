<%inherit file="base.mako"/>
<%block name="title">${page_title.title()} &mdash; ${parent.title()}</%block>
<%block name="head">
  ${parent.head()}
  <link rel="alternate" type="application/rss+xml" href="${site['static_url']}/feed.xml">
</%block>
<%block name="content">
<div class="layout">
  <aside>
    <%block name="sidebar">
    <h3>Tags</h3>
    <p>${", ".join(tags)}</p>
    <p>${len(tags)} tags, ${len(items)} items</p>
    </%block>
  </aside>
  <section>
    <%block name="main"/>
  </section>
</div>
</%block>
${next.body()}
