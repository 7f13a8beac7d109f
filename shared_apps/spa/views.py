"""`index.html` for every client route of the app, on the platform host and on brand hosts."""

from django.http import HttpResponse, JsonResponse

from shared_apps.core.errors import error_body, page_not_found
from tenants.selectors import brand_theme

from . import shell

NOT_BUILT = ("The front end is not built: run `npm ci && npm run build` in frontend/ "
             "(`make run` builds it when it is missing or stale).")


def index(request, path: str = ""):
    """The SPA fallback. A request that does not take HTML (an API client, a script tag after a
    deploy removed its file) gets the JSON 404 instead of a page it cannot use."""
    if request.method not in ("GET", "HEAD"):
        response = JsonResponse(error_body(status_code=405, code="method_not_allowed",
                                           detail="Pages of the app are read with GET."), status=405)
        response["Allow"] = "GET, HEAD"
    elif not request.accepts("text/html"):
        response = page_not_found(request)
    else:
        response = _index_page(request)
    response["Vary"] = "Accept"
    return response


def _index_page(request) -> HttpResponse:
    built = shell.built_index()
    if built is None:
        return JsonResponse(error_body(status_code=503, code="frontend_not_built", detail=NOT_BUILT), status=503)
    tenant = request.tenant
    page = shell.branded_page(built, brand_theme(tenant, request)) if tenant.is_brand else shell.plain_page(built)
    if request.headers.get("If-None-Match") == page.etag:
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(page.body, content_type="text/html; charset=utf-8")
    response["ETag"] = page.etag
    response["Cache-Control"] = "no-cache"  # a new build must reach the browser at once; the ETag makes it cheap
    return response
