"""The interface's icons: small line drawings, inline SVG, drawn for OTP (no icon font, no
download, nothing for the CSP to allow). Each is a 24×24 path stroked in the text's colour, so it
follows the colour scheme; decorative only (aria-hidden): the word beside it is the name."""
from __future__ import annotations

from markupsafe import Markup

PATHS = {
    "home": "M3 11l9-7 9 7M5 9.5V20h5v-6h4v6h5V9.5",
    "chart": "M9 3h6v5H9zM3 16h6v5H3zM15 16h6v5h-6zM12 8v4M6 16v-4h12v4",
    "agents": "M5 8h14v11H5zM12 4v4M9.5 13v.5M14.5 13v.5M9 16.5h6M2.5 12v3M21.5 12v3",
    "scorecard": "M3 4h18v16H3zM3 9h18M3 14.5h18M9 4v16",
    "rocks": "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM12 7.5a4.5 4.5 0 1 0 0 9a4.5 4.5 0 1 0 0-9zM12 11.5v1",
    "issues": "M12 3a9 9 0 1 0 0 18a9 9 0 1 0 0-18zM12 7.5v6M12 16.5v.5",
    "todos": "M4 4h16v16H4zM8 12.5l2.8 2.8L16 9.5",
    "meetings": "M4 6h16v14H4zM4 10.5h16M8 3v5M16 3v5",
    "approvals": "M12 3l8 3v6c0 4.8-3.4 8-8 9c-4.6-1-8-4.2-8-9V6zM8.5 12l2.5 2.5 4.5-5",
    "escalations": "M12 20V5M6 11l6-6 6 6",
    "sops": "M5 4.5A1.5 1.5 0 0 1 6.5 3H19v15H6.5A1.5 1.5 0 0 0 5 19.5zM5 4.5v15A1.5 1.5 0 0 0 6.5 21H19M9 7.5h6",
    "events": "M3 12h4l3-8 4 16 3-8h4",
    "oos": "M12 3l9 5-9 5-9-5zM3 12.5l9 5 9-5M3 17l9 5 9-5",
    "people": "M9 11a4 4 0 1 0 0-8a4 4 0 1 0 0 8zM2 21c0-4 3-6.5 7-6.5s7 2.5 7 6.5M16 3.3a4 4 0 0 1 0 7.4M18.5 14.8c2.2.7 3.5 2.8 3.5 6.2",
    "settings": "M4 6h9M17 6h3M4 12h3M11 12h9M4 18h11M19 18h1M15 4v4M9 10v4M17 16v4",
    "import": "M12 3v12M7 10l5 5 5-5M4 17v3h16v-3",
    "search": "M10.5 4a6.5 6.5 0 1 0 0 13a6.5 6.5 0 1 0 0-13zM20 20l-4.8-4.8",
    "keyboard": "M3 6h18v12H3zM7 10h.5M11 10h.5M15 10h.5M7.5 14h9",
    "logout": "M14 4h5v16h-5M10 8l-4 4 4 4M6 12h10",
    "mail": "M3 5h18v14H3zM3 6l9 7 9-7",
    "plus": "M12 5v14M5 12h14",
}

# Which icon stands beside each page in the navigation, by its address.
FOR_PAGE = {"/": "home", "/chart": "chart", "/agents": "agents", "/scorecard": "scorecard", "/rocks": "rocks",
            "/issues": "issues", "/todos": "todos", "/meetings": "meetings", "/approvals": "approvals",
            "/escalations": "escalations", "/sops": "sops", "/events": "events", "/oos": "oos",
            "/people": "people", "/settings": "settings", "/import": "import", "/me/mail": "mail"}


def icon(name: str, size: int = 16) -> Markup:
    """An icon by name, or nothing for an unknown one (a missing icon must not break a page)."""
    path = PATHS.get(FOR_PAGE.get(name, name))
    if path is None:
        return Markup("")
    return Markup(f'<svg class="icon" width="{size}" height="{size}" viewBox="0 0 24 24" aria-hidden="true" '
                  f'focusable="false"><path d="{path}"/></svg>')
