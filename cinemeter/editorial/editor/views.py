"""The editor on the site: write, preview, tag, save and move an article through its workflow;
its revisions and their differences; the autocomplete of tags and references.

Only members who may write articles open these pages (403 for other members, the log-in page
for visitors); publishing needs the publish permission, which the services check again.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from cinemeter.community.messages.rendering import message_render
from cinemeter.editorial import references
from cinemeter.editorial.articles import services
from cinemeter.editorial.articles.models import Article, ArticleStatus
from cinemeter.editorial.editor.diff import text_diff
from cinemeter.editorial.editor.forms import ArticleForm
from cinemeter.editorial.editor.suggestions import suggestions
from cinemeter.editorial.permissions import can_publish, can_write

WORKFLOW = {
    "submit": services.Action.SUBMIT,
    "return": services.Action.RETURN,
    "publish": services.Action.PUBLISH,
    "schedule": services.Action.SCHEDULE,
    "unschedule": services.Action.UNSCHEDULE,
    "unpublish": services.Action.UNPUBLISH,
}


def _editor(request: HttpRequest) -> Any:
    if not can_write(request.user):
        raise PermissionDenied
    return request.user


def _preview(body: str) -> str:
    parsed = references.body_parse(body)
    targets = references.resolve(parsed.references)
    placeholder = _("an article the site chooses when the page is shown")

    def callout(marker: str) -> references.Callout:
        return references.Callout(str(references.CALLOUTS[marker]), f"({placeholder})", "#")

    return references.body_fill(message_render(body), targets, callout)


def _form_errors(form: ArticleForm, error: services.ArticleInvalid) -> None:
    for name, found in error.errors.items():
        for message in found:
            form.add_error(None if name == "__all__" or name not in form.fields else name, message)


def _render(
    request: HttpRequest, form: ArticleForm, article: Article | None, **extra: Any
) -> HttpResponse:
    context = {
        "form": form,
        "article": article,
        "can_publish": can_publish(request.user),
        "lookup_url": "editorial:lookup",
        **extra,
    }
    refused = form.errors or extra.get("conflict") or extra.get("paste_warning")
    status = 400 if refused else 200
    return render(request, "editorial/editor.html", context, status=status)


def _save(
    request: HttpRequest, form: ArticleForm, article: Article | None
) -> Article | HttpResponse:
    """Save the form's draft; the page again with what went wrong, nothing lost."""
    editor = request.user
    draft = form.draft()
    try:
        if article is None:
            return services.article_create(author=editor, draft=draft)  # type: ignore[arg-type]
        return services.article_edit(
            article_id=article.pk,
            editor=editor,  # type: ignore[arg-type]
            draft=draft,
            version=form.cleaned_data.get("version") or 0,
        )
    except services.ArticleInvalid as error:
        _form_errors(form, error)
        return _render(request, form, article)
    except services.ArticlePasteSuspected as error:
        return _render(request, form, article, paste_warning=str(error))
    except services.ArticleChanged as changed:
        current = changed.current
        data = request.POST.copy()
        data["version"] = str(current.version)  # saving again replaces theirs on purpose
        return _render(request, ArticleForm(data), article, conflict=current)


def _step(request: HttpRequest, article: Article, action: str, form: ArticleForm | None) -> bool:
    when = form.cleaned_data.get("publish_at") if form is not None else None
    try:
        services.article_transition(
            article_id=article.pk,
            by=request.user,  # type: ignore[arg-type]
            action=WORKFLOW[action],
            publish_at=when,
        )
    except PermissionDenied:
        messages.error(request, _("You may not publish articles: ask a publishing editor."))
        return False
    except services.ArticleInvalid as error:
        for found in error.errors.values():
            for message in found:
                messages.error(request, message)
        return False
    return True


def _edit(request: HttpRequest, article: Article | None) -> HttpResponse:  # noqa: PLR0911 - one return per outcome of the form
    if request.method != "POST":
        initial: dict[str, Any] = {}
        if article is not None:
            initial = {
                name: getattr(article, name)
                for name in (
                    "headline",
                    "standfirst",
                    "body",
                    "tag_refs",
                    "slug",
                    "hero_url",
                    "hero_alt",
                    "hero_attribution",
                    "version",
                    "publish_at",
                )
            }
            initial["language"] = article.language if article.language_by_author else ""
        return _render(request, ArticleForm(initial=initial), article)
    form = ArticleForm(request.POST)
    action = request.POST.get("action", "save")
    if not form.is_valid():
        return _render(request, form, article)
    if action == "preview":
        return _render(request, form, article, preview=_preview(form.cleaned_data["body"]))
    needs_publisher = action in WORKFLOW and WORKFLOW[action] in services.NEEDS_PUBLISHER
    if needs_publisher and not can_publish(request.user):
        form.add_error(None, _("You may not publish articles: ask a publishing editor."))
        return _render(request, form, article)
    saved = _save(request, form, article)
    if isinstance(saved, HttpResponse):
        return saved
    if action in WORKFLOW and not _step(request, saved, action, form):
        return redirect("editorial:edit", slug=saved.slug)
    messages.success(request, _("Saved."))
    return redirect("editorial:edit", slug=saved.slug)


@login_required
def article_new(request: HttpRequest) -> HttpResponse:
    _editor(request)
    return _edit(request, None)


@login_required
def article_edit(request: HttpRequest, slug: str) -> HttpResponse:
    _editor(request)
    return _edit(request, get_object_or_404(Article, slug=slug))


@login_required
def dashboard(request: HttpRequest) -> HttpResponse:
    _editor(request)
    articles = Article.objects.select_related("author").order_by("-updated_at")[:200]
    return render(request, "editorial/dashboard.html", {"articles": articles})


@login_required
def revisions(request: HttpRequest, slug: str) -> HttpResponse:
    _editor(request)
    article = get_object_or_404(Article, slug=slug)
    history = list(article.history.select_related("history_user").order_by("-history_date")[:100])
    for row in history:
        reason = row.history_change_reason or ""
        row.reason_label = services.REVISION_REASONS.get(reason, reason)
    return render(request, "editorial/revisions.html", {"article": article, "history": history})


# The fields a revision's page compares, named as the editor's form names them.
DIFF_FIELDS = ("headline", "standfirst", "slug", "status", "tag_refs", "language", "body")


def _diff_value(name: str, row: Any) -> str:
    value = getattr(row, name, "") if row is not None else ""
    if name == "status" and value:
        return str(ArticleStatus(value).label)
    return str(value)


@login_required
def revision_diff(request: HttpRequest, slug: str, revision: int) -> HttpResponse:
    """One revision against the one before it: each changed field, the text line by line."""
    _editor(request)
    article = get_object_or_404(Article, slug=slug)
    history = article.history
    this = history.filter(history_id=revision).select_related("history_user").first()
    if this is None:
        raise Http404(revision)
    before = history.filter(history_date__lt=this.history_date).order_by("-history_date").first()
    labels = {name: field.label for name, field in ArticleForm.base_fields.items()}
    labels["status"] = _("Status")
    changes = []
    for name in DIFF_FIELDS:
        old, new = _diff_value(name, before), _diff_value(name, this)
        if old != new:
            changes.append({"field": labels[name], "lines": text_diff(old, new)})
    return render(
        request,
        "editorial/revision_diff.html",
        {"article": article, "this": this, "before": before, "changes": changes},
    )


@require_GET
@login_required
def lookup(request: HttpRequest) -> JsonResponse:
    """Suggestions for a tag or a reference: `q` is what was typed after "kind:" or alone."""
    _editor(request)
    typed = request.GET.get("q", "").strip()[:100]
    return JsonResponse({"results": suggestions(typed)})
