"""Forms for registration, log-in and the settings page.

Every rule a person can break is checked here with a message that says what to do; the
database constraints behind them catch what slips through a race.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.auth import password_validation
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy
from PIL.Image import Image

from cinemeter.accounts.avatars import avatar_open
from cinemeter.accounts.models import BIO_MAX_LENGTH, Language, User
from cinemeter.accounts.services import member_unlock_link_send
from cinemeter.accounts.throttle import (
    client_ip,
    login_account_throttle,
    login_address_throttle,
)
from cinemeter.accounts.validators import (
    USERNAME_HELP_TEXT,
    USERNAME_MAX_LENGTH,
    USERNAME_MIN_LENGTH,
    USERNAME_VALIDATORS,
)

USERNAME_WARNING = _("Pay attention! You cannot change your username afterwards.")
HONEYPOT_ERROR = _("Your registration could not be processed. Please try again later.")


class RegistrationForm(forms.Form):
    """A new member: username, e-mail, password twice, the terms; plus a trap for robots."""

    required_css_class = "required"

    username = forms.CharField(
        # No max_length of the field's own: the validators' length rule is the one rule, with
        # its one message; the browser is told the same bounds.
        help_text=format_lazy("{} {}", USERNAME_WARNING, USERNAME_HELP_TEXT),
        validators=USERNAME_VALIDATORS,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "username",
                "autocapitalize": "none",
                "spellcheck": "false",
                "minlength": USERNAME_MIN_LENGTH,
                "maxlength": USERNAME_MAX_LENGTH,
            }
        ),
    )
    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("We send a link to this address; your account works once you follow it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    password1 = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
        help_text=password_validation.password_validators_help_text_html(),
    )
    password2 = forms.CharField(
        label=_("Password again"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )
    accept_terms = forms.BooleanField(
        label=_("I accept the terms of use"),
        error_messages={"required": _("You need to accept the terms of use to register.")},
    )
    # Hidden from people by CSS and from assistive technology by aria-hidden; robots that fill
    # every field fill this one too.
    website = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username__iexact=username).exists():
            raise ValidationError(
                _(
                    "That username is taken (names are the same whatever their capitals); "
                    "please choose another."
                ),
                code="username_taken",
            )
        return username

    # Usernames are public (every member has a profile page), so "taken" tells nothing new.
    # An address that has an account is not refused here: the page must not say whose it is,
    # so `member_register` mails its owner instead.

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("website"):
            raise ValidationError(HONEYPOT_ERROR, code="honeypot")
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", _("The two passwords differ; type the same one twice."))
        elif password1:
            candidate = User(username=cleaned.get("username", ""), email=cleaned.get("email", ""))
            try:
                password_validation.validate_password(password1, candidate)
            except ValidationError as error:
                self.add_error("password1", error)
        return cleaned


class ActivationResendForm(forms.Form):
    email = forms.EmailField(
        label=_("E-mail address"), widget=forms.EmailInput(attrs={"autocomplete": "email"})
    )


class LoginForm(AuthenticationForm):
    """Username or e-mail address, with failed attempts limited per account and per address.

    Two budgets, so that one attacker cannot lock others out: failures per account (5 in 15
    minutes) pause password log-ins to that account, and its owner is mailed a link that logs
    them in at once; failures per client address (100 in 15 minutes, enough for a NAT full of
    members with typos) pause log-ins from that address only. Each attempt reserves its place
    in both budgets before the password is checked, so concurrent guesses on several workers
    get no more checks than the limit; a successful log-in gives its places back.
    """

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _(
            "That username or e-mail address and password do not match an active account. "
            "Both fields may be case-sensitive: the password is. If you just registered, "
            "follow the link in the e-mail we sent first."
        ),
        # The same words whether or not the account exists, so the pause tells nobody that.
        "account_paused": ngettext_lazy(
            "Log-in to this account is paused for %(minutes)d minute after too many failed "
            "attempts. If the account has an e-mail address, we sent it a link that logs you "
            "in at once.",
            "Log-in to this account is paused for %(minutes)d minutes after too many failed "
            "attempts. If the account has an e-mail address, we sent it a link that logs you "
            "in at once.",
            "minutes",
        ),
        "address_paused": ngettext_lazy(
            "Too many failed log-ins from your address; try again in %(minutes)d minute.",
            "Too many failed log-ins from your address; try again in %(minutes)d minutes.",
            "minutes",
        ),
    }

    def __init__(self, request: HttpRequest | None = None, *args: Any, **kwargs: Any) -> None:
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = _("Username or e-mail address")
        username = self.fields["username"]
        assert isinstance(username, forms.CharField)  # noqa: S101 - AuthenticationForm's field
        username.max_length = 254
        username.widget.attrs["maxlength"] = 254

    def _account(self, identifier: str) -> User | None:
        field = "email__iexact" if "@" in identifier else "username__iexact"
        return User.objects.filter(**{field: identifier}).first()

    def clean(self) -> dict[str, Any]:
        identifier = str(self.data.get("username") or "").strip()[:254]
        if not identifier or self.request is None:
            return super().clean()
        account = self._account(identifier)
        # By account, so its username and its address share one budget; a name that is no
        # account still gets one, so the answers do not differ between the two.
        account_key = f"user:{account.pk}" if account is not None else f"name:{identifier}"
        address_key = client_ip(self.request)
        by_account, by_address = login_account_throttle(), login_address_throttle()
        minutes = by_account.seconds // 60
        account_hits, address_hits = by_account.hit(account_key), by_address.hit(address_key)
        # Refused before the password is checked: a guess during the pause tells nothing.
        if address_hits > by_address.limit:
            raise ValidationError(
                self.error_messages["address_paused"],
                code="address_paused",
                params={"minutes": minutes},
            )
        if account_hits > by_account.limit:
            if account_hits == by_account.limit + 1 and account is not None:
                # Once per pause: the first refused attempt mails the owner.
                member_unlock_link_send(
                    user=account, site_url=self.request.build_absolute_uri("/").rstrip("/")
                )
            raise ValidationError(
                self.error_messages["account_paused"],
                code="account_paused",
                params={"minutes": minutes},
            )
        try:
            cleaned = super().clean()
        except ValidationError as error:
            if error.code != "invalid_login":
                # Not a wrong password (an inactive account): no guess was made.
                by_account.refund(account_key)
                by_address.refund(address_key)
            raise
        by_account.refund(account_key)
        by_address.refund(address_key)
        return cleaned


class AdminLoginForm(LoginForm, AdminAuthenticationForm):
    """The admin's log-in, throttled like the site's; it still admits staff only."""

    error_messages = {
        **LoginForm.error_messages,
        "invalid_login": AdminAuthenticationForm.error_messages["invalid_login"],
    }


class SettingsForm(forms.Form):
    """What a member may change about their account. The username is deliberately absent."""

    required_css_class = "required"

    email = forms.EmailField(
        label=_("E-mail address"),
        help_text=_("A new address takes effect when you follow the link we send to it."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    bio = forms.CharField(
        label=_("About you"),
        required=False,
        max_length=BIO_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(_("Plain text, up to {} characters."), BIO_MAX_LENGTH),
    )
    preferred_language = forms.ChoiceField(label=_("Language"), choices=Language.choices)
    read_languages = forms.MultipleChoiceField(
        label=_("Languages I read"),
        choices=Language.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_(
            "Messages in these languages are shown as written; others are translated into the"
            " site's language when a translation is available. None ticked: the site's language."
        ),
    )
    avatar = forms.FileField(
        label=_("Picture"),
        required=False,
        help_text=format_lazy(
            _("A PNG, JPEG, GIF or WebP image up to {} MB; it is cut to a square."),
            settings.ACCOUNTS_AVATAR_MAX_BYTES // (1024 * 1024),
        ),
        widget=forms.FileInput(attrs={"accept": "image/png,image/jpeg,image/gif,image/webp"}),
    )
    remove_avatar = forms.BooleanField(label=_("Use the drawn picture instead"), required=False)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_avatar(self) -> Image | None:
        upload = self.cleaned_data.get("avatar")
        return None if not upload else avatar_open(upload)


class PasswordConfirmForm(forms.Form):
    """The member's current password, asked before something that cannot be undone."""

    password = forms.CharField(
        label=_("Your password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password: str = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(_("That is not your password."), code="wrong_password")
        return password
