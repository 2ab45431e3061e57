"""`rasd serve`: the event database in the browser, and a JSON API over it.

`rasd.web.app.create_app(settings)` builds the FastAPI application; the page
(HTML, CSS, plain JavaScript, UI strings) ships in `static/`; country outlines
for the offline map are built once from Natural Earth by `rasd.web.mapdata`.
"""
