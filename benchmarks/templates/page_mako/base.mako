<!DOCTYPE html>
<html lang="${site['lang'] or 'en'}">
<head>
  <meta charset="utf-8">
  <title><%block name="title">${site['name']}</%block></title>
  <%block name="head">
  <link rel="stylesheet" href="${site['static_url']}/style.css">
  </%block>
</head>
<body class="<%block name="body_class">page</%block>">
<%include file="_nav.mako"/>
<main>
<%block name="content"/>
</main>
<footer>
  <%block name="footer">
  <p>&copy; ${year} ${site['name']} &middot; ${truncate(site.get('tagline') or 'No tagline', 30)}</p>
  </%block>
</footer>
</body>
</html>
<%!
def truncate(s, length=255, end="...", leeway=5):
    if len(s) <= length + leeway:
        return s
    return s[: length - len(end)].rsplit(" ", 1)[0] + end
%>
