<%!
def truncate(s, length=255, end="...", leeway=5):
    if len(s) <= length + leeway:
        return s
    return s[: length - len(end)].rsplit(" ", 1)[0] + end
%>
<%def name="price(value, currency='EUR')">${"%.2f" % value} ${currency}</%def>
<%def name="render_item(item, loop)">
<li class="item ${loop.cycle('odd', 'even')}${' first' if loop.first else ' last' if loop.last else ''}" id="item-${loop.index + 1}">
  <h2>${loop.index + 1}. <a href="${item.url}">${item.title.title()}</a></h2>
  <p class="meta">by ${item.author.name} &middot; ${item.meta['views']} views &middot; rating ${round(item.rating, 1)}</p>
  <p>${truncate(item.summary, 60)}</p>
  % if item.price > 100:
  <span class="price high">${price(item.price)}</span>
  % elif item.price > 20:
  <span class="price">${price(item.price)}</span>
  % else:
  <span class="price low">${price(item.price, "USD")}</span>
  % endif
  % if item.tags:
  <p class="tags">${", ".join(item.tags).replace("-", " ")}</p>
  % endif
  <p class="note">${item.meta.get("note", "no note")}</p>
</li>
</%def>
