<nav>
  <ul class="nav">
  % for link in nav:
    <li${' class="active"' if link['url'] == current_url else '' | n}><a href="${link['url']}">${link['label'].title()}</a></li>
  % endfor
  </ul>
  % if user:
  <span class="user">Signed in as ${user.name}</span>
  % else:
  <a href="/login">Sign in</a>
  % endif
</nav>
