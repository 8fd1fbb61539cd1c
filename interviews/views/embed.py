"""A quote's card for other sites to frame (oEmbed's `html` is an iframe of it).

Every other page refuses framing (X-Frame-Options DENY, CSP frame-ancestors 'none');
this one, which shows only what the permalink shows and carries no form or session
action, lifts both.

A card follows its quote as the permalink does: a turn merged into another leads to that
turn's card. A turn a correction removed leads the permalink to the interview, whose page
refuses framing, so a frame gets a card of its own instead (410) that links there.
"""

from csp.decorators import csp_replace
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.views.decorators.clickjacking import xframe_options_exempt

from ..caching import cached_for_readers
from ..models import Interview, Participant, RetiredTurn
from .lookup import Moved, get_by_slug

QUOTE_WORDS = 70


@xframe_options_exempt
@csp_replace({"frame-ancestors": ["*"]})
@cached_for_readers
def turn_embed(request, slug, key):
    try:
        interview = get_by_slug(
            Interview.objects.select_related("source"),
            slug,
            redirect_to=lambda found: f"{found.get_absolute_url()}t/{key}/embed/",
        )
    except Moved as moved:
        return moved.response
    turn = interview.turns.select_related("speaker").filter(key=key).first()
    if turn is None:
        lead = RetiredTurn.objects.lead(interview, key)
        if lead is None:
            raise Http404("No such quote in this interview.")
        if lead:
            return redirect("turn_embed", interview.slug, lead)
        return render(
            request,
            "interviews/turn_embed_gone.html",
            {
                "interview": interview,
                "interview_url": request.build_absolute_uri(interview.get_absolute_url()),
            },
            status=410,
        )
    role = (
        Participant.objects.filter(interview=interview, speaker=turn.speaker)
        .values_list("role", flat=True)
        .first()
    ) or turn.speaker.role
    # A long answer is cut to fit the frame (as one paragraph: the cut joins its words).
    cut = len(turn.text.split()) > QUOTE_WORDS
    paragraphs = (
        [Truncator(turn.text).words(QUOTE_WORDS, truncate=" …")] if cut else turn.paragraphs
    )
    return render(
        request,
        "interviews/turn_embed.html",
        {
            "interview": interview,
            "turn": turn,
            "role": role,
            "paragraphs": paragraphs,
            "cut": cut,
            "permalink": request.build_absolute_uri(turn.get_absolute_url()),
        },
    )
