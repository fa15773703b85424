<%inherit file="layout.mako"/>
<%namespace name="m" file="_macros.mako"/>
<%block name="body_class">${parent.body_class()} listing</%block>
<%block name="sidebar">
    ${parent.sidebar()}
    <p class="count">${"%d of %d shown" % (len(items), total)}</p>
</%block>
<%block name="main">
    <h1>${page_title.title()}</h1>
    % if len(items) > 50:
    <p class="notice">Showing a long list.</p>
    % elif items:
    <p class="notice">Showing a short list.</p>
    % else:
    <p class="notice">Nothing to show.</p>
    % endif
    <ul class="items">
    % for item in items:
    ${m.render_item(item, loop)}
    % endfor
    </ul>
</%block>
