"""Sources, interviews, speakers and their turns; querysets hold the reads."""

from __future__ import annotations

import functools

from django.conf import settings
from django.db import models
from django.db.models.functions import Coalesce
from django.urls import get_script_prefix, reverse
from django.utils.text import slugify

from .parsing.names import surname_keys
from .parsing.text import fold

INTERVIEWER, INTERVIEWEE, OTHER = "interviewer", "interviewee", "other"
PART_CHOICES = [(INTERVIEWER, "Interviewer"), (INTERVIEWEE, "Interviewee"), (OTHER, "Other")]
QUESTION, ANSWER, REMARK = "question", "answer", "remark"
KIND_CHOICES = [(QUESTION, "Question"), (ANSWER, "Answer"), (REMARK, "Remark")]
# How a document's speaker was matched to an archive speaker (interviews/people/resolve.py).
RESOLVED_BY_CHOICES = [
    ("document", "Named by the document"),
    ("alias", "A known name"),
    ("office", "The office holder that day"),
    ("surname", "A surname"),
    ("unresolved", "Not resolved"),
    ("editor", "Chosen by an editor"),
]

LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "tr": "Turkish",
    "fr": "French",
    "de": "German",
    "ru": "Russian",
    "pt": "Portuguese",
    "it": "Italian",
    "ar": "Arabic",
    "uk": "Ukrainian",
}


@functools.lru_cache(maxsize=64)
def _url_template(name: str, prefix: str) -> str:
    return reverse(name, args=["--slug--"])


def slug_url(name: str, slug: str) -> str:
    """reverse(name, args=[slug]) for the slug-only routes, without resolving each time.

    A list page links every row to several objects; reversing each link was a visible
    share of its rendering time.
    """
    return _url_template(name, get_script_prefix()).replace("--slug--", slug, 1)


def slug_candidates(text: str, *, max_length: int = 200, suffix: str = "") -> tuple[list, str]:
    """The slugs to try in order (`base`, `base-suffix`), and the stem of `base-2`, `base-3`..."""
    base = slugify(text, allow_unicode=False)[:max_length].strip("-") or "item"
    candidates = [base]
    if suffix:
        candidates.append(f"{base[: max_length - len(suffix) - 1]}-{slugify(suffix)}")
    return candidates, f"{base[: max_length - 6]}-"


def first_free_slug(candidates: list, stem: str, taken, redirected) -> str:
    """The first candidate neither taken nor redirected, else the first free numbered one."""
    for candidate in candidates:
        if candidate not in taken and candidate not in redirected:
            return candidate
    number = 2
    while f"{stem}{number}" in taken:
        number += 1
    return f"{stem}{number}"


def unique_slug(
    model,
    text: str,
    *,
    exclude_pk=None,
    max_length: int = 200,
    suffix: str = "",
    also_taken: frozenset[str] | set[str] = frozenset(),
) -> str:
    """The first free slug among `base`, `base-suffix`, `base-2`, `base-3`...

    Free means neither another row's slug nor an old slug that redirects to another row,
    nor one of `also_taken` (rows about to be written).
    Two queries, however many `base-N` are taken: a press office publishes hundreds of
    briefings under one title, and asking for each number in turn made every new one
    slower than the last.
    """
    candidates, stem = slug_candidates(text, max_length=max_length, suffix=suffix)
    nearby = models.Q(slug__in=candidates) | models.Q(slug__startswith=stem)
    others = model.objects.exclude(pk=exclude_pk) if exclude_pk else model.objects.all()
    taken = set(others.filter(nearby).values_list("slug", flat=True)) | set(also_taken)
    redirected = set(
        SlugRedirect.objects.filter(kind=model._meta.model_name, old_slug__in=candidates)
        .exclude(object_id=exclude_pk or 0)
        .values_list("old_slug", flat=True)
    )
    return first_free_slug(candidates, stem, taken, redirected)


class SluggedModel(models.Model):
    """A model whose slug follows its name, with the old slugs kept as redirects.

    Correcting a title or a name must never break a link someone has cited.
    """

    slug_source_field = "name"
    slug_max_length = 200

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        source = getattr(self, self.slug_source_field)
        previous = getattr(self, "_saved_slug_source", None)
        if not self.slug:
            self.slug = unique_slug(
                type(self), source, max_length=self.slug_max_length, suffix=self.slug_suffix()
            )
        elif previous is not None and previous != source and slugify(previous) != slugify(source):
            old = self.slug
            self.slug = unique_slug(
                type(self),
                source,
                exclude_pk=self.pk,
                max_length=self.slug_max_length,
                suffix=self.slug_suffix(),
            )
            if old != self.slug:
                SlugRedirect.objects.update_or_create(
                    kind=self._meta.model_name, old_slug=old, defaults={"object_id": self.pk}
                )
        super().save(*args, **kwargs)
        self._saved_slug_source = source

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._saved_slug_source = getattr(instance, cls.slug_source_field, None)
        return instance

    def slug_suffix(self) -> str:
        return ""


class SlugRedirect(models.Model):
    """An old slug of an interview, speaker, source or topic, answered with a redirect."""

    kind = models.CharField(max_length=20)
    old_slug = models.SlugField(max_length=255)
    object_id = models.BigIntegerField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["kind", "old_slug"], name="unique_old_slug")]

    def __str__(self):
        return f"{self.kind}:{self.old_slug} -> {self.object_id}"


class SourceQuerySet(models.QuerySet):
    def with_counts(self):
        return self.annotate(
            interview_count=models.Count("interviews", distinct=True),
            republished_count=models.Count("republished", distinct=True),
        )


class Source(SluggedModel):
    """An organisation that published interviews: the outlet, or a site that republished them."""

    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=220, unique=True)
    short_name = models.CharField(max_length=60, blank=True, help_text="Abbreviation, e.g. AVİM.")
    aliases = models.JSONField(default=list, blank=True, help_text="Other names and spellings.")
    domains = models.JSONField(
        default=list, blank=True, help_text="Web domains, e.g. whitehouse.gov."
    )
    url = models.URLField(max_length=500, blank=True)
    description = models.TextField(blank=True)
    jurisdiction = models.CharField(
        max_length=20,
        blank=True,
        help_text="Whose offices its documents speak of: a country code (US, MX) or an "
        "organisation (NATO). `THE PRESIDENT` in its documents is that jurisdiction's president.",
    )
    name_key = models.CharField(max_length=200, db_index=True, editable=False)

    objects = SourceQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return f"{self.name} ({self.short_name})" if self.short_name else self.name

    def save(self, *args, **kwargs):
        self.name_key = fold(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("source_detail", self.slug)

    def match_keys(self) -> set[str]:
        return {fold(n) for n in [self.name, self.short_name, *self.aliases] if n}


class TopicQuerySet(models.QuerySet):
    def vocabulary(self):
        return self.exclude(qcode=None)

    def interview_counts(self) -> dict[int, int]:
        """Topic id -> interviews tagged with it (directly), for the topics in use."""
        return dict(
            InterviewTopic.objects.values_list("topic_id").annotate(n=models.Count("id")).order_by()
        )

    def tree(self) -> dict[int | None, list[int]]:
        """Parent id -> child ids, for every topic."""
        children: dict[int | None, list[int]] = {}
        for pk, parent in self.values_list("id", "parent_id"):
            children.setdefault(parent, []).append(pk)
        return children


class EntityQuerySet(models.QuerySet):
    def places(self):
        return self.filter(kind__in=Entity.PLACE_KINDS)

    def organisations(self):
        return self.filter(kind=Entity.ORGANISATION)

    def in_use(self):
        """With `n`, the interviews tagged with each, most first."""
        return (
            self.annotate(n=models.Count("interview_links")).filter(n__gt=0).order_by("-n", "name")
        )


class Topic(SluggedModel):
    """A subject: an IPTC Media Topic (with its qcode and place in the hierarchy), or a
    topic a document or an editor named that the vocabulary does not have."""

    name = models.CharField(max_length=120, help_text="The English label.")
    slug = models.SlugField(max_length=140, unique=True)
    description = models.TextField(blank=True)
    qcode = models.CharField(max_length=40, unique=True, null=True, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="children"
    )
    level = models.PositiveSmallIntegerField(default=0, help_text="1 for a top-level topic.")
    labels = models.JSONField(default=dict, blank=True, help_text="Label per language code.")
    definitions = models.JSONField(default=dict, blank=True)
    retired = models.BooleanField(default=False)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("topic_detail", self.slug)

    def label(self, language: str = "en") -> str:
        """The label in this language, else in English."""
        return self.labels.get(language) or self.labels.get("en") or self.name

    def definition(self, language: str = "en") -> str:
        return self.definitions.get(language) or self.definitions.get("en") or self.description


class Entity(SluggedModel):
    """A country, a region or an organisation that interviews and turns are tagged with."""

    COUNTRY, REGION, ORGANISATION = "country", "region", "organisation"
    KIND_CHOICES = [(COUNTRY, "Country"), (REGION, "Region"), (ORGANISATION, "Organisation")]
    PLACE_KINDS = (COUNTRY, REGION)

    code = models.CharField(
        max_length=40,
        unique=True,
        help_text="ISO 3166-1 alpha-2 for a country, UN M49 or x-… for a region, "
        "the usual abbreviation for an organisation.",
    )
    kind = models.CharField(max_length=14, choices=KIND_CHOICES)
    name = models.CharField(max_length=200, help_text="The English name.")
    slug = models.SlugField(max_length=220, unique=True)
    names = models.JSONField(default=dict, blank=True, help_text="Name per language code.")

    objects = EntityQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "entities"

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("place_detail" if self.is_place else "organisation_detail", self.slug)

    @property
    def is_place(self) -> bool:
        return self.kind in self.PLACE_KINDS

    def label(self, language: str = "en") -> str:
        return self.names.get(language) or self.names.get("en") or self.name


class InterviewTopic(models.Model):
    """An interview's topic; `auto` until an editor (or the document itself) says so."""

    interview = models.ForeignKey("Interview", on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="interview_links")
    auto = models.BooleanField(default=False)

    class Meta:
        # The table Django made for the plain many-to-many field, with its constraint.
        db_table = "interviews_interview_topics"
        unique_together = [("interview", "topic")]
        # A search reads the topics a person set, few among many automatic ones: for its
        # facets by interview, for its filter by topic (search/subjects.py).
        indexes = [
            models.Index(
                fields=["interview", "topic"],
                condition=models.Q(auto=False),
                name="interview_topic_set",
            ),
            models.Index(
                fields=["topic", "interview"],
                condition=models.Q(auto=False),
                name="topic_interview_set",
            ),
        ]

    def __str__(self):
        return f"{self.topic} on {self.interview_id}{' (automatic)' if self.auto else ''}"


class InterviewEntity(models.Model):
    interview = models.ForeignKey(
        "Interview", on_delete=models.CASCADE, related_name="entity_links"
    )
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="interview_links")
    auto = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "entity"], name="unique_interview_entity")
        ]
        indexes = [
            models.Index(
                fields=["interview", "entity"],
                condition=models.Q(auto=False),
                name="interview_entity_set",
            ),
            models.Index(
                fields=["entity", "interview"],
                condition=models.Q(auto=False),
                name="entity_interview_set",
            ),
        ]

    def __str__(self):
        return f"{self.entity} in {self.interview_id}{' (automatic)' if self.auto else ''}"


class TurnTopic(models.Model):
    turn = models.ForeignKey("Turn", on_delete=models.CASCADE, related_name="topic_links")
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="turn_links")
    auto = models.BooleanField(default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["turn", "topic"], name="unique_turn_topic")]
        indexes = [models.Index(fields=["topic", "turn"])]

    def __str__(self):
        return f"{self.topic} on turn {self.turn_id}"


class TurnEntity(models.Model):
    turn = models.ForeignKey("Turn", on_delete=models.CASCADE, related_name="entity_links")
    entity = models.ForeignKey(Entity, on_delete=models.CASCADE, related_name="turn_links")
    auto = models.BooleanField(default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["turn", "entity"], name="unique_turn_entity")
        ]
        indexes = [models.Index(fields=["entity", "turn"])]

    def __str__(self):
        return f"{self.entity} in turn {self.turn_id}"


class TagChoice(models.Model):
    """An editor's decision on one tag of an interview or of one of its turns (by key).

    Tags are recomputed on every import and `retag`; these decisions are applied on
    top each time, so an editor's choice always wins.
    """

    interview = models.ForeignKey("Interview", on_delete=models.CASCADE, related_name="tag_choices")
    turn_key = models.CharField(max_length=12, blank=True, help_text="Empty for the interview.")
    topic = models.ForeignKey(Topic, null=True, blank=True, on_delete=models.CASCADE)
    entity = models.ForeignKey(Entity, null=True, blank=True, on_delete=models.CASCADE)
    keep = models.BooleanField(help_text="Confirmed or added (true) or removed (false).")
    made_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    made_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["interview", "turn_key", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(topic__isnull=False, entity__isnull=True)
                | models.Q(topic__isnull=True, entity__isnull=False),
                name="tag_choice_one_target",
            )
        ]

    def __str__(self):
        what = self.topic or self.entity
        return f"{'keep' if self.keep else 'remove'} {what} on {self.interview_id}/{self.turn_key}"


class SpeakerQuerySet(models.QuerySet):
    def people(self):
        return self.filter(kind=Speaker.PERSON)

    def quoted(self):
        """People who have said something here (the registry also knows people who have not)."""
        return self.people().filter(turn_count__gt=0)

    def most_quoted(self):
        return self.quoted().order_by("-turn_count", "name_key")

    def refresh_roles(self, speaker_ids):
        """A person's role is the one printed in their latest interview that prints one."""
        latest = (
            Participant.objects.filter(speaker=models.OuterRef("pk"))
            .exclude(role="")
            .order_by(models.F("interview__date").desc(nulls_last=True), "-interview_id")
            .values("role")[:1]
        )
        current = Coalesce(models.Subquery(latest), models.Value(""))
        rows = (
            self.filter(pk__in=list(speaker_ids), kind=Speaker.PERSON)
            .filter(models.Exists(Participant.objects.filter(speaker=models.OuterRef("pk"))))
            .annotate(current=current)
            .values_list("pk", "role", "current")
        )
        # Only the rows whose role changes: rewriting every touched speaker after each
        # batch left the most quoted people's rows (and their indexes) full of dead copies.
        # The latest role is read once, not again by the update.
        changed: dict[str, list[int]] = {}
        for pk, role, latest_role in rows:
            if role != latest_role:
                changed.setdefault(latest_role, []).append(pk)
        for role, pks in changed.items():
            self.filter(pk__in=pks).update(role=role)

    def refresh_counts(self, speaker_ids=None):
        """Recount turns and interviews for these speakers (all when None)."""
        speakers = self if speaker_ids is None else self.filter(pk__in=list(speaker_ids))
        count = models.Func(models.F("pk"), function="COUNT")
        turns = Turn.objects.filter(speaker=models.OuterRef("pk")).order_by().values("speaker")
        interviews = (
            Participant.objects.filter(speaker=models.OuterRef("pk")).order_by().values("speaker")
        )
        speakers.update(
            turn_count=Coalesce(models.Subquery(turns.annotate(n=count).values("n")[:1]), 0),
            interview_count=Coalesce(
                models.Subquery(interviews.annotate(n=count).values("n")[:1]), 0
            ),
        )


class Speaker(SluggedModel):
    """A person (or a collective voice such as "Reporter") who speaks in interviews."""

    PERSON, GROUP, ANONYMOUS = "person", "group", "anonymous"
    KIND_CHOICES = [
        (PERSON, "Person"),
        (GROUP, "Collective voice (reporters, audience)"),
        (ANONYMOUS, "Unnamed individual"),
    ]

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=220, unique=True)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    role = models.CharField(
        max_length=300, blank=True, help_text="Short description, e.g. NATO Secretary-General."
    )
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=KIND_CHOICES, default=PERSON)
    labels = models.JSONField(
        default=list, blank=True, help_text="Labels seen for this speaker in documents."
    )
    # The people registry (Popolo): a stable id, and identifiers such as a Wikidata QID.
    person_id = models.CharField(
        max_length=100, blank=True, db_index=True, help_text="The id in the people registry."
    )
    identifiers = models.JSONField(
        default=list, blank=True, help_text='e.g. [{"scheme": "wikidata", "identifier": "Q6279"}]'
    )
    unresolved = models.BooleanField(
        default=False,
        help_text="Known only by a label or a surname that fitted no one: for editors to name.",
    )
    # Folded family name(s) for finding `MR. KIRBY` among the archive's people: the last
    # word, and in names of three words or more the one before it (`López` of `Andrés
    # Manuel López Obrador`, as Spanish names are cited).
    surname_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    surname2_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    # Kept by the import and editing services so that lists never count millions of turns.
    turn_count = models.PositiveIntegerField(default=0, editable=False)
    interview_count = models.PositiveIntegerField(default=0, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SpeakerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        indexes = [
            models.Index(fields=["kind", "-turn_count"]),
            models.Index(fields=["kind", "name_key"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["person_id"], condition=~models.Q(person_id=""), name="unique_person_id"
            )
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.fill_keys()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("speaker_detail", self.slug)

    def fill_keys(self) -> None:
        """The folded name and surnames, which save() and bulk writers both set."""
        self.name_key = fold(self.name)
        self.surname_key, self.surname2_key = surname_keys(self.name)

    @property
    def is_person(self) -> bool:
        return self.kind == self.PERSON

    @property
    def initial(self) -> str:
        key = self.name_key or fold(self.name)
        return key[:1].upper() if key[:1].isalpha() else "#"


class SpeakerName(models.Model):
    """Another name a person is known by (Popolo's `other_names`), optionally for a time.

    Registry spellings, the names an editor's merge retired, and names editors add:
    imports look labels up here, so a merge made once holds for every later document.
    """

    REGISTRY, EDITOR, MERGE = "registry", "editor", "merge"
    ORIGIN_CHOICES = [
        (REGISTRY, "People registry"),
        (EDITOR, "Added by an editor"),
        (MERGE, "Name of a merged speaker"),
    ]

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="other_names")
    name = models.CharField(max_length=200)
    name_key = models.CharField(max_length=200, db_index=True, editable=False)
    surname_key = models.CharField(max_length=100, blank=True, db_index=True, editable=False)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    origin = models.CharField(max_length=12, choices=ORIGIN_CHOICES, default=EDITOR)
    note = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["speaker", "name_key"]
        constraints = [
            models.UniqueConstraint(fields=["speaker", "name_key"], name="unique_speaker_name")
        ]

    def __str__(self):
        return f"{self.name} (for {self.speaker})"

    def save(self, *args, **kwargs):
        self.name_key = fold(self.name)
        self.surname_key = surname_keys(self.name)[0]
        super().save(*args, **kwargs)

    def valid_on(self, date) -> bool:
        return date is None or (
            (self.start_date is None or self.start_date <= date)
            and (self.end_date is None or date <= self.end_date)
        )


class Office(models.Model):
    """A post that one person holds at a time (Popolo's post): `President of the United States`.

    `role` is how documents print it (`President`); a label that prints only the role
    (`THE PRESIDENT:`) in a document of the office's jurisdiction is its holder that day.
    """

    key = models.SlugField(max_length=100, unique=True, help_text="The id in the registry.")
    label = models.CharField(max_length=200)
    role = models.CharField(max_length=120)
    role_keys = models.JSONField(
        default=list, blank=True, help_text="Folded role labels that name this office."
    )
    organisation = models.CharField(max_length=200, blank=True)
    jurisdiction = models.CharField(max_length=20, blank=True, db_index=True)

    class Meta:
        ordering = ["jurisdiction", "label"]

    def __str__(self):
        return self.label


class Membership(models.Model):
    """A person's role for a time: a post they held or a role in an organisation (Popolo)."""

    REGISTRY, EDITOR = "registry", "editor"
    ORIGIN_CHOICES = [(REGISTRY, "People registry"), (EDITOR, "Added by an editor")]

    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="memberships")
    office = models.ForeignKey(
        Office, null=True, blank=True, on_delete=models.SET_NULL, related_name="memberships"
    )
    role = models.CharField(max_length=300)
    organisation = models.CharField(max_length=200, blank=True)
    start_date = models.DateField(null=True, blank=True)
    end_date = models.DateField(null=True, blank=True)
    origin = models.CharField(max_length=12, choices=ORIGIN_CHOICES, default=EDITOR)

    class Meta:
        ordering = ["speaker", "start_date", "id"]

    def __str__(self):
        return f"{self.speaker}: {self.role}"

    def held_on(self, date) -> bool:
        """Inclusive, as Popolo dates are: on a handover day both hold (resolve prefers
        the one who started last)."""
        return (self.start_date is None or self.start_date <= date) and (
            self.end_date is None or date <= self.end_date
        )


class InterviewQuerySet(models.QuerySet):
    def for_listing(self):
        return self.select_related("source", "publisher").order_by("-date", "-id")


class Interview(SluggedModel):
    slug_source_field = "title"
    slug_max_length = 120

    title = models.CharField(max_length=500)
    slug = models.SlugField(max_length=140, unique=True)
    date = models.DateField(
        null=True, blank=True, db_index=True, help_text="When it was given or first published."
    )
    published = models.DateField(null=True, blank=True, help_text="When this copy was republished.")
    source = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="interviews",
        help_text="The outlet that conducted or first published the interview.",
    )
    publisher = models.ForeignKey(
        Source,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="republished",
        help_text="The site that republished it, when this is a republication.",
    )
    url = models.URLField(max_length=1000, blank=True)
    language = models.CharField(max_length=12, blank=True, db_index=True)
    location = models.CharField(max_length=300, blank=True)
    intro = models.TextField(blank=True, help_text="Context paragraphs before the first turn.")
    topics = models.ManyToManyField(
        Topic, blank=True, related_name="interviews", through=InterviewTopic
    )
    speakers = models.ManyToManyField(Speaker, through="Participant", related_name="interviews")
    turn_count = models.PositiveIntegerField(default=0, editable=False)
    # Provenance of the current version; every version is in ImportRecord.
    file_name = models.CharField(max_length=300, blank=True)
    checksum = models.CharField(max_length=64, blank=True, db_index=True)
    imported_at = models.DateTimeField(null=True, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    document = models.ForeignKey(
        "ImportRecord",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The document this version was imported from.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = InterviewQuerySet.as_manager()

    class Meta:
        ordering = ["-date", "-id"]
        indexes = [models.Index(fields=["source", "date"]), models.Index(fields=["url"])]
        constraints = [
            # One interview per document, even when two imports of it race (migration 0014).
            models.UniqueConstraint(
                fields=["checksum"],
                condition=~models.Q(checksum=""),
                name="unique_interview_checksum",
            )
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return slug_url("interview_detail", self.slug)

    def slug_suffix(self) -> str:
        return self.date.isoformat() if self.date else ""

    @property
    def language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.language, self.language)

    @property
    def intro_paragraphs(self) -> list[str]:
        return [p for p in self.intro.split("\n\n") if p.strip()]


class Participant(models.Model):
    """Who took part in an interview and how."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="participants")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="participations")
    part = models.CharField(max_length=12, choices=PART_CHOICES, default=OTHER)
    role = models.CharField(max_length=300, blank=True, help_text="Their role at the time.")
    labels = models.JSONField(
        default=list, blank=True, help_text="Labels printed for them in this document."
    )
    position = models.PositiveIntegerField(default=0)
    # What the document itself says of them, kept so that resolution can run again when
    # the registry or the archive learns more (manage.py resolve_speakers).
    printed_name = models.CharField(
        max_length=200, blank=True, help_text="The name the document gives, e.g. `Psaki`."
    )
    evidence = models.CharField(
        max_length=12,
        blank=True,
        help_text="Where the document names them: label, document, text, surname or office.",
    )
    resolved_by = models.CharField(
        max_length=12,
        blank=True,
        choices=RESOLVED_BY_CHOICES,
        help_text="How the printed name was matched to this speaker.",
    )

    class Meta:
        ordering = ["interview", "position"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "speaker"], name="unique_participant")
        ]

    def __str__(self):
        return f"{self.speaker} ({self.get_part_display()}) in {self.interview}"


class TurnQuerySet(models.QuerySet):
    def in_order(self):
        return self.order_by("interview_id", "position")

    def on_topics(self, topic_ids):
        """Turns on these topics: tagged on the turn, or set by a person on the interview
        (as search/subjects.py reads it). Pass the narrower topics too."""
        return self.filter(
            models.Exists(
                TurnTopic.objects.filter(turn=models.OuterRef("pk"), topic_id__in=topic_ids)
            )
            | models.Exists(
                InterviewTopic.objects.filter(
                    interview=models.OuterRef("interview_id"), topic_id__in=topic_ids, auto=False
                )
            )
        )

    def about(self, entity):
        """Turns that name this place or organisation (or of an interview a person tagged)."""
        return self.filter(
            models.Exists(TurnEntity.objects.filter(turn=models.OuterRef("pk"), entity=entity))
            | models.Exists(
                InterviewEntity.objects.filter(
                    interview=models.OuterRef("interview_id"), entity=entity, auto=False
                )
            )
        )

    def with_context(self):
        return self.select_related("speaker", "interview", "interview__source")


class Turn(models.Model):
    """One labelled block of speech: a question, an answer or a remark. A quote."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="turns")
    position = models.PositiveIntegerField()
    key = models.CharField(max_length=12, help_text="Stable identifier in permalinks.")
    speaker = models.ForeignKey(Speaker, on_delete=models.PROTECT, related_name="turns")
    label = models.CharField(max_length=300, blank=True, help_text="The label as printed.")
    kind = models.CharField(max_length=10, choices=KIND_CHOICES, default=REMARK)
    text = models.TextField(help_text="Paragraphs separated by a blank line.")
    timecode = models.CharField(max_length=20, blank=True)
    # Copied from the interview and participant so that search filters need no joins.
    part = models.CharField(max_length=12, choices=PART_CHOICES, default=OTHER)
    date = models.DateField(null=True, blank=True)
    language = models.CharField(max_length=12, blank=True)
    source = models.ForeignKey(
        Source, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = TurnQuerySet.as_manager()

    class Meta:
        ordering = ["interview", "position"]
        constraints = [
            models.UniqueConstraint(fields=["interview", "position"], name="unique_turn_position"),
            models.UniqueConstraint(fields=["interview", "key"], name="unique_turn_key"),
        ]
        indexes = [
            models.Index(fields=["speaker", "date"]),
            models.Index(fields=["date", "id"]),
            models.Index(fields=["source", "date"]),
        ]

    def __str__(self):
        return f"{self.speaker}: {self.text[:60]}"

    def get_absolute_url(self):
        return f"{slug_url('interview_detail', self.interview.slug)}t/{self.key}/"

    @property
    def anchor(self) -> str:
        return f"t-{self.key}"

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]


class RetiredTurnQuerySet(models.QuerySet):
    # Merges re-point older keys at the survivor (editing/turns.py), so a chain is one step
    # long; a few more are followed for records made before that rule, never a cycle.
    MAX_MERGES = 5

    def lead(self, interview, key: str) -> str | None:
        """Where a retired permalink key leads: the key of the live turn it was merged
        into, "" for a turn a correction removed (it leads to the interview), or None when
        no turn of this interview ever had the key."""
        retired = self.filter(interview=interview, key=key).first()
        if retired is None:
            return None
        for _ in range(self.MAX_MERGES):
            if not retired.replaced_by:
                break
            if interview.turns.filter(key=retired.replaced_by).exists():
                return retired.replaced_by
            retired = self.filter(interview=interview, key=retired.replaced_by).first()
            if retired is None:
                break
        return ""


class RetiredTurn(models.Model):
    """A permalink whose turn a corrected version removed; it leads to the interview, or to
    the turn it was merged into."""

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="retired_turns")
    key = models.CharField(max_length=12)
    replaced_by = models.CharField(max_length=12, blank=True)

    objects = RetiredTurnQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "key"], name="unique_retired_key")
        ]

    def __str__(self):
        return f"{self.interview_id}/{self.key} (retired)"


class SpeakerChoice(models.Model):
    """An editor's decision that a turn was said by this speaker.

    Kept by the turn's permalink key, so that it survives re-imports of the document and
    re-resolution of its labels: nothing automatic overwrites it.
    """

    interview = models.ForeignKey(Interview, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=12)
    speaker = models.ForeignKey(Speaker, on_delete=models.CASCADE, related_name="+")
    chosen_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["interview", "key"], name="unique_speaker_choice")
        ]

    def __str__(self):
        return f"{self.interview_id}/{self.key}: {self.speaker_id}"


class ImportRecord(models.Model):
    """One import of one document: who, when, what came of it, and the original bytes."""

    CREATED, UPDATED, UNCHANGED, FAILED = "created", "updated", "unchanged", "failed"
    ACTION_CHOICES = [(a, a.capitalize()) for a in (CREATED, UPDATED, UNCHANGED, FAILED)]

    interview = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports"
    )
    action = models.CharField(max_length=12, choices=ACTION_CHOICES)
    file_name = models.CharField(max_length=300, blank=True)
    checksum = models.CharField(max_length=64, blank=True, db_index=True)
    size = models.PositiveIntegerField(default=0)
    encoding = models.CharField(max_length=40, blank=True)
    original = models.BinaryField(blank=True, editable=False)
    message = models.TextField(blank=True)
    warnings = models.JSONField(default=list, blank=True)
    imported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    imported_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-imported_at", "-id"]

    def __str__(self):
        return f"{self.file_name} ({self.action})"


class EditRecord(models.Model):
    """One correction made by an editor in the browser: who, when, what, and what changed.

    `changes` maps each changed field to [before, after]; imports are in ImportRecord.
    """

    INTERVIEW, TOPICS, PARTICIPANT, TURN = "interview", "topics", "participant", "turn"
    MERGE_TURNS, SPLIT_TURN, SPEAKER, MERGE_SPEAKERS = (
        "merge_turns",
        "split_turn",
        "speaker",
        "merge_speakers",
    )
    PREVIEW = "preview"
    RESOLVE, DELETE = "resolve", "delete"
    ACTION_CHOICES = [
        (INTERVIEW, "Interview details edited"),
        (TOPICS, "Topics changed"),
        (PARTICIPANT, "Participant edited"),
        (TURN, "Turn edited"),
        (MERGE_TURNS, "Turns merged"),
        (SPLIT_TURN, "Turn split"),
        (SPEAKER, "Speaker edited"),
        (MERGE_SPEAKERS, "Speakers merged"),
        (PREVIEW, "Corrected before import"),
        (RESOLVE, "Speaker resolved again"),
        (DELETE, "Interview deleted"),
    ]

    action = models.CharField(max_length=20, choices=ACTION_CHOICES)
    interview = models.ForeignKey(
        Interview, null=True, blank=True, on_delete=models.SET_NULL, related_name="edits"
    )
    speaker = models.ForeignKey(
        Speaker, null=True, blank=True, on_delete=models.SET_NULL, related_name="edits"
    )
    target = models.CharField(
        max_length=300, blank=True, help_text="What was edited, e.g. a turn's key."
    )
    changes = models.JSONField(default=dict, blank=True)
    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    edited_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        ordering = ["-edited_at", "-id"]

    def __str__(self):
        return f"{self.get_action_display()}: {self.target}"


class PendingImport(models.Model):
    """An uploaded document waiting for an editor's review: the bytes and the corrections.

    The preview is parsed afresh from `original` on every request and `corrections` (a
    list of small operations) replayed on top, so nothing large lives in the session.
    """

    LIFETIME_HOURS = 48

    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    file_name = models.CharField(max_length=300)
    original = models.BinaryField(editable=False)
    checksum = models.CharField(max_length=64)
    size = models.PositiveIntegerField(default=0)
    corrections = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]

    def __str__(self):
        return f"{self.file_name} (waiting for review)"

    @property
    def raw(self) -> bytes:
        return bytes(self.original)


class ArchiveRevision(models.Model):
    """A number that grows whenever anything readers see changes.

    Pages cached for readers are keyed by it, so every worker process notices a change
    with one primary-key lookup; see interviews/revision.py.
    """

    number = models.BigIntegerField(default=0)
    changed_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"revision {self.number}"


class ApiToken(models.Model):
    """A key that lets a newsroom pipeline import through the API on an editor's behalf.

    Only a SHA-256 digest is kept: the key itself is shown once, when it is made. Keys are
    32 random bytes, so a plain digest (no salt, no slow hash) is enough to make a stolen
    table useless; the prefix lets an editor tell their keys apart.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100, help_text="What the key is for, e.g. the pipeline.")
    prefix = models.CharField(max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def active(self) -> bool:
        return self.revoked_at is None
