"""The pages left at the URLs of papers that moved or left: a redirect, or a short notice.

Plain HTML files, written beside the generated Markdown (so both engines copy them, and an
offline copy holds them too): `papers/<old>/index.html` for the site and `papers/<old>.html`
for an offline copy. A redirect keeps the `#passage` of the link it was reached by.
"""

from __future__ import annotations

import html

_PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title}</title>
{head}</head>
<body>
<p>{body}</p>
</body>
</html>
"""


def moved_pages(redirects: dict[str, str], removed: list[str]) -> dict[str, str]:
    """`{path: html}` for each old slug that redirects to its paper now, and each removed one."""
    pages: dict[str, str] = {}
    for old, new in sorted(redirects.items()):
        for path, target in (
            (f"papers/{old}/index.html", f"../{new}/"),
            (f"papers/{old}.html", f"{new}.html"),
        ):
            pages[path] = _redirect(target)
    for slug in sorted(removed):
        for path, home in (
            (f"papers/{slug}/index.html", "../../"),
            (f"papers/{slug}.html", "../index.html"),
        ):
            pages[path] = _PAGE.format(
                title="Removed from this corpus",
                head='<meta name="robots" content="noindex">\n',
                body=f'This paper has been removed from this corpus. <a href="{home}">See the '
                "papers it holds</a>.",
            )
    return pages


def _redirect(
    target: str, title: str = "This paper has moved", where: str = "its new address"
) -> str:
    href = html.escape(target, quote=True)
    head = (
        f'<meta http-equiv="refresh" content="0; url={href}">\n'
        f'<link rel="canonical" href="{href}">\n'
        f"<script>location.replace({target!r} + location.hash)</script>\n"
    )
    return _PAGE.format(
        title=title,
        head=head,
        body=f'{title}: see <a href="{href}">{where}</a>.'
        if where != "its new address"
        else f'This paper has moved to <a href="{href}">{where}</a>.',
    )


def moved_topic_pages(dropped: list[str]) -> dict[str, str]:
    """`{path: html}` for each automatic topic no longer found: its URL (`topics/<id>/`, and
    `topics/<id>.html` offline) redirects to the Topics page."""
    pages: dict[str, str] = {}
    for topic_id in sorted(dropped):
        for path, target in (
            (f"topics/{topic_id}/index.html", "../"),
            (f"topics/{topic_id}.html", "index.html"),
        ):
            pages[path] = _redirect(target, "This topic is no longer found", "the Topics page")
    return pages
