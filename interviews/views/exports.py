"""Open data from the reading pages: exports of the search and the interview list, and
an interview's transcript as plain text or Markdown (README, "Open data")."""

from django.db import router
from django.http import Http404, HttpResponse

from ..api import exports, reads, transcripts
from ..api.serializers import InterviewDetailSerializer
from ..models import Interview, Turn
from .lookup import Moved, get_by_slug


def _format(fmt: str) -> str:
    if fmt not in exports.FORMATS:
        raise Http404("No such format.")
    return fmt


def search_export(request, fmt):
    using = router.db_for_read(Turn)  # chosen now: the routing decision ends with the view
    return exports.streamed(exports.search_export(request, using), _format(fmt))


def interview_export(request, fmt):
    using = router.db_for_read(Interview)
    return exports.streamed(exports.interview_export(request, using), _format(fmt))


TRANSCRIPTS = {
    "txt": ("text/plain; charset=utf-8", transcripts.plain_text),
    "md": ("text/markdown; charset=utf-8", transcripts.markdown),
}


def transcript(request, slug, fmt):
    if fmt not in TRANSCRIPTS:
        raise Http404("No such format.")
    try:
        interview = get_by_slug(
            Interview.objects.select_related("source", "publisher"),
            slug,
            redirect_to=lambda found: f"{found.get_absolute_url()}transcript.{fmt}",
        )
    except Moved as moved:
        return moved.response
    data = InterviewDetailSerializer(
        reads.interview_detail(interview), context={"request": request}
    ).data
    content_type, write = TRANSCRIPTS[fmt]
    response = HttpResponse(write(data), content_type=content_type)
    # Shown in the browser; saved under the interview's name.
    response["Content-Disposition"] = f'inline; filename="{interview.slug}.{fmt}"'
    response["Link"] = (
        f'<{request.build_absolute_uri(interview.get_absolute_url())}>; rel="canonical"'
    )
    return response
