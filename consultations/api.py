"""Consultations on a text in the API: the text and its articles, versions, three-way
votes, comments, amendments with supports and answers, and the results.

Writes go through `services` (or, for comments, the model's `full_clean()`), so the API
refuses what the pages refuse, with the same messages, and writes nothing then.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema, extend_schema_field, extend_schema_serializer
from rest_framework import exceptions, mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.permissions import IsAuthenticatedOrReadOnly
from rest_framework.response import Response

from accounts.throttling import ConfirmedEmail, ParticipationThrottle
from annotations.api.serializers import CommentSerializer
from annotations.api.views import CommentPagination
from annotations.models import Comment
from core.pagination import CheckedCursorPagination
from core.parsers import JSONParser
from core.viewsets import AtomicWritesMixin, errors

from . import services
from .filters import AmendmentFilter
from .models import Amendment, Consultation, Vote
from .results import results


def refused(error):
    """A service's ValidationError as the API's 400, keyed by field when it has fields."""
    detail = error.message_dict if hasattr(error, "error_dict") else error.messages
    return exceptions.ValidationError(detail)


class ArticleSerializer(serializers.Serializer):
    id = serializers.IntegerField(source="article.pk")
    number = serializers.IntegerField(source="article.number")
    title = serializers.CharField()
    body = serializers.CharField()
    features = serializers.SerializerMethodField()
    url = serializers.CharField(source="article.get_absolute_url")

    def get_features(self, text) -> list[int]:
        return [feature.pk for feature in text.article.features.all()]


class ConsultationSerializer(serializers.ModelSerializer):
    campaign = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    version = serializers.SerializerMethodField()
    is_open = serializers.SerializerMethodField()
    articles = serializers.SerializerMethodField()

    class Meta:
        model = Consultation
        fields = [
            "id",
            "slug",
            "campaign",
            "title",
            "summary",
            "opens_at",
            "closes_at",
            "phase",
            "is_open",
            "version",
            "articles",
        ]

    def get_version(self, consultation) -> int | None:
        version = consultation.current_version()
        return version.number if version else None

    def get_is_open(self, consultation) -> bool:
        return consultation.is_open()

    @extend_schema_field(ArticleSerializer(many=True))
    def get_articles(self, consultation):
        version = consultation.current_version()
        if version is None:
            return []
        texts = version.texts.select_related("article").prefetch_related("article__features")
        return ArticleSerializer(texts.order_by("article__number"), many=True).data


class TextVoteInputSerializer(serializers.Serializer):
    value = serializers.ChoiceField(
        choices=Vote.Value.choices,
        error_messages={"invalid_choice": _("A vote is for, against or abstain.")},
    )
    article = serializers.IntegerField(
        required=False, allow_null=True, help_text=_("The article's id; empty: the whole text.")
    )


class TextVoteCountsSerializer(serializers.Serializer):
    for_ = serializers.IntegerField(source="for")
    against = serializers.IntegerField()
    abstain = serializers.IntegerField()
    total = serializers.IntegerField()

    def to_representation(self, instance):
        data = super().to_representation(instance)
        data["for"] = data.pop("for_")
        return data


@extend_schema_serializer(
    description=_("A comment on the text, an article (`article`) or an amendment (`amendment`)."),
)
class TextCommentSerializer(CommentSerializer):
    class Meta(CommentSerializer.Meta):
        fields = [f for f in CommentSerializer.Meta.fields if f != "annotation"] + [
            "article",
            "amendment",
        ]
        read_only_fields = ["is_hidden", "hidden_reason"]


class AmendmentSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="public_author_name", read_only=True, allow_null=True)
    support_count = serializers.IntegerField(read_only=True)
    base_version = serializers.IntegerField(source="base_version.number", read_only=True)

    class Meta:
        model = Amendment
        fields = [
            "id",
            "article",
            "base_version",
            "author",
            "body",
            "explanation",
            "support_count",
            "status",
            "answer",
            "adopted_body",
            "answered_at",
            "created_at",
        ]
        read_only_fields = ["status", "answer", "adopted_body", "answered_at"]


class AnswerInputSerializer(serializers.Serializer):
    status = serializers.ChoiceField(choices=Amendment.Status.choices)
    answer = serializers.CharField()
    adopted_body = serializers.CharField(required=False, allow_blank=True, default="")


class ResultLineSerializer(serializers.Serializer):
    article = serializers.IntegerField(source="article.pk", allow_null=True, default=None)
    title = serializers.CharField()
    votes = serializers.SerializerMethodField()
    amendment_count = serializers.IntegerField()
    most_supported = AmendmentSerializer(source="amendments", many=True)

    def get_votes(self, line) -> dict:
        tally = line.tally
        return {
            "for": tally.for_,
            "against": tally.against,
            "abstain": tally.abstain,
            "total": tally.total,
            "percent_for": tally.percent_for,
            "percent_against": tally.percent_against,
            "percent_abstain": tally.percent_abstain,
        }


class ResultsSerializer(serializers.Serializer):
    participants = serializers.IntegerField()
    whole_text = ResultLineSerializer()
    articles = ResultLineSerializer(many=True)


ARTICLE_ELSEWHERE = _("This article belongs to another consultation.")


@extend_schema(
    description=_("Consultations on a text, by slug, with the articles of their current version."),
)
class ConsultationViewSet(AtomicWritesMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ConsultationSerializer
    parser_classes = [JSONParser]
    permission_classes = [IsAuthenticatedOrReadOnly, ConfirmedEmail]
    throttle_classes = [ParticipationThrottle]
    participation = {"vote": "vote", "comments": "comment"}
    lookup_field = "slug"

    def get_queryset(self):
        return Consultation.objects.visible_to(self.request.user).select_related("campaign")

    @staticmethod
    def article_of(consultation, article_id):
        """The article `article_id` names, refused when it is another consultation's."""
        if article_id is None:
            return None
        article = consultation.articles.filter(pk=article_id).first()
        if article is None:
            raise exceptions.ValidationError({"article": [ARTICLE_ELSEWHERE]})
        return article

    @extend_schema(
        description=_(
            "For (1), against (-1) or abstain (0) on an article (`article`: its "
            "id) or on the whole text; voting again replaces your vote, DELETE "
            "removes it."
        ),
    )
    @extend_schema(
        methods=["PUT"],
        request=TextVoteInputSerializer,
        responses={200: TextVoteCountsSerializer, **errors(400, 401, 403, 404)},
    )
    @extend_schema(
        methods=["DELETE"],
        request=TextVoteInputSerializer,
        responses={200: TextVoteCountsSerializer, **errors(400, 401, 403, 404)},
    )
    @action(detail=True, methods=["put", "delete"])
    def vote(self, request, slug=None):
        consultation = self.get_object()
        sent = TextVoteInputSerializer(data=request.data, partial=request.method == "DELETE")
        sent.is_valid(raise_exception=True)
        article = self.article_of(consultation, sent.validated_data.get("article"))
        try:
            if request.method == "PUT":
                services.cast_vote(
                    consultation, request.user, sent.validated_data["value"], article
                )
            else:
                services.take_back_vote(consultation, request.user, article)
        except DjangoValidationError as error:
            raise refused(error) from error
        counts = Vote.objects.filter(consultation=consultation, article=article).counts()
        return Response(TextVoteCountsSerializer(counts).data)

    @extend_schema(
        description=_(
            "The comments on the text, its articles and amendments, oldest first; "
            "POST adds one (on an article with `article`, on an amendment with "
            "`amendment`)."
        ),
    )
    @extend_schema(
        methods=["GET"], responses={200: TextCommentSerializer(many=True), **errors(404)}
    )
    @extend_schema(
        methods=["POST"],
        request=TextCommentSerializer,
        responses={201: TextCommentSerializer, **errors(400, 401, 403, 404)},
    )
    @action(
        detail=True,
        methods=["get", "post"],
        serializer_class=TextCommentSerializer,
        pagination_class=CommentPagination,
    )
    def comments(self, request, slug=None):
        consultation = self.get_object()
        if request.method == "POST":
            try:
                services.check_taking_part(request.user, consultation)
            except DjangoValidationError as error:
                raise refused(error) from error
            serializer = TextCommentSerializer(data=request.data)
            serializer.is_valid(raise_exception=True)
            comment = serializer.save(consultation=consultation, author=request.user)
            return Response(TextCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
        comments = (
            Comment.objects.visible_to(request.user)
            .filter(consultation=consultation)
            .select_related("author", "consultation__campaign")
            .order_by("created_at", "pk")
        )
        page = self.paginate_queryset(comments)
        return self.get_paginated_response(TextCommentSerializer(page, many=True).data)

    @extend_schema(
        description=_(
            "Votes per article and on the whole text, participants, most "
            "supported amendments and the city's answers: what the results page "
            "shows."
        ),
        responses={200: ResultsSerializer, **errors(404)},
    )
    @action(detail=True)
    def results(self, request, slug=None):
        return Response(ResultsSerializer(results(self.get_object())).data)


class AmendmentPagination(CheckedCursorPagination):
    """Residents write amendments without limit: the list comes a page at a time."""

    page_size = 50
    max_page_size = 200
    page_size_query_param = "page_size"
    ordering = ("created_at", "pk")


@extend_schema(
    description=_(
        "Amendments to the articles of the consultations you may see, oldest first, "
        "a page at a time; `?consultation=slug`."
    ),
)
class AmendmentViewSet(AtomicWritesMixin, mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = AmendmentSerializer
    filterset_class = AmendmentFilter
    pagination_class = AmendmentPagination
    parser_classes = [JSONParser]
    permission_classes = [IsAuthenticatedOrReadOnly, ConfirmedEmail]
    throttle_classes = [ParticipationThrottle]
    participation = {"create": "contribute", "support": "vote"}

    def get_queryset(self):
        consultations = Consultation.objects.visible_to(self.request.user)
        return (
            Amendment.objects.filter(article__consultation__in=consultations)
            .with_support_count()
            .select_related("base_version", "article__consultation__campaign", "author")
        )

    @extend_schema(
        description=_("Propose a new wording of an article of an open consultation."),
        responses={201: AmendmentSerializer, **errors(400, 401, 403)},
    )
    def create(self, request, *args, **kwargs):
        sent = AmendmentSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        article = sent.validated_data["article"]
        get_object_or_404(Consultation.objects.visible_to(request.user), pk=article.consultation_id)
        try:
            amendment = services.propose_amendment(
                article,
                request.user,
                sent.validated_data["body"],
                sent.validated_data.get("explanation", ""),
            )
        except DjangoValidationError as error:
            raise refused(error) from error
        return Response(
            AmendmentSerializer(self.get_queryset().get(pk=amendment.pk)).data,
            status=status.HTTP_201_CREATED,
        )

    @extend_schema(
        description=_("PUT: support the amendment (once, whatever the clicks); DELETE: no longer."),
        request=None,
        responses={200: AmendmentSerializer, **errors(401, 403, 404)},
    )
    @action(detail=True, methods=["put", "delete"])
    def support(self, request, pk=None):
        amendment = self.get_object()
        try:
            services.support(amendment, request.user, supported=request.method == "PUT")
        except DjangoValidationError as error:
            raise refused(error) from error
        return Response(AmendmentSerializer(self.get_queryset().get(pk=amendment.pk)).data)

    @extend_schema(
        description=_(
            "Staff: accepted, accepted with changes (with `adopted_body`) or "
            "rejected, with a reason."
        ),
        request=AnswerInputSerializer,
        responses={200: AmendmentSerializer, **errors(400, 403)},
    )
    @action(detail=True, methods=["post"])
    def answer(self, request, pk=None):
        amendment = self.get_object()
        sent = AnswerInputSerializer(data=request.data)
        sent.is_valid(raise_exception=True)
        try:
            services.answer_amendment(amendment, request.user, **sent.validated_data)
        except DjangoValidationError as error:
            raise refused(error) from error
        return Response(AmendmentSerializer(self.get_queryset().get(pk=amendment.pk)).data)
