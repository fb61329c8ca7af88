"""Where messages go: the channels of monitor.yaml (email, Slack, webhook), validated once.

Secrets are never written in the file: `password_env` and `url_env` name environment
variables, read when a message is sent (`SecretMissing` when one is not set). The alerting
configuration (monitor/alerts/config.py) is `Channels` with rules and digests.
"""

from __future__ import annotations

import os
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, Field, field_validator, model_validator

from monitor.validation import Names, StrictModel

SECURITY_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+$|^.*<[^@\s<>]+@[^@\s<>]+>$")


class SecretMissing(Exception):
    """An environment variable a channel needs is not set (the message names it, never a value)."""


def _check_env_name(value: str | None) -> str | None:
    if value is not None and not _ENV_NAME.match(value):
        raise ValueError(f"{value!r} is not an environment variable name; write the variable's name "
                         "(like SMTP_PASSWORD), not its value")
    return value


EnvName = Annotated[str | None, AfterValidator(_check_env_name)]


class EmailChannel(StrictModel):
    type: Literal["email"]
    host: str
    port: int | None = Field(default=None, ge=1, le=65535)
    security: Literal["starttls", "ssl", "none"] = "starttls"
    username: str | None = None
    password_env: EnvName = None
    from_: str = Field(alias="from")
    to: Names

    @field_validator("from_")
    @classmethod
    def _from_is_address(cls, value: str) -> str:
        if not _EMAIL.match(value.strip()):
            raise ValueError(f"{value!r} is not an email address; write it like alerts@example.org")
        return value.strip()

    @field_validator("to")
    @classmethod
    def _to_are_addresses(cls, value: tuple[str, ...]) -> tuple[str, ...]:
        if not value:
            raise ValueError("no recipient; give at least one address")
        for address in value:
            if not _EMAIL.match(address.strip()):
                raise ValueError(f"{address!r} is not an email address; write it like team@example.org")
        return tuple(a.strip() for a in value)

    @model_validator(mode="after")
    def _password_needs_user(self) -> "EmailChannel":
        if self.password_env and not self.username:
            raise ValueError("password_env is set but username is not; add the SMTP user name")
        return self

    @property
    def effective_port(self) -> int:
        return self.port or SECURITY_PORTS[self.security]

    def password(self) -> str | None:
        return _secret(self.password_env) if self.password_env else None


class _UrlChannel(StrictModel):
    url: str | None = None
    url_env: EnvName = None

    @field_validator("url")
    @classmethod
    def _url_is_http(cls, value: str | None) -> str | None:
        if value is not None and not re.match(r"^https?://[^/\s]+", value):
            raise ValueError(f"{value!r} is not an http(s) URL")
        return value

    @model_validator(mode="after")
    def _one_url(self) -> "_UrlChannel":
        if bool(self.url) == bool(self.url_env):
            raise ValueError("give exactly one of url or url_env (the name of an environment variable "
                             "holding the URL; prefer it, webhook URLs are secrets)")
        return self

    def resolved_url(self) -> str:
        url = self.url or _secret(self.url_env)
        if not re.match(r"^https?://[^/\s]+", url):
            raise SecretMissing(f"environment variable {self.url_env} does not hold an http(s) URL")
        return url


class SlackChannel(_UrlChannel):
    type: Literal["slack"]


class WebhookChannel(_UrlChannel):
    type: Literal["webhook"]


Channel = Annotated[EmailChannel | SlackChannel | WebhookChannel, Field(discriminator="type")]


class Channels(StrictModel):
    """The channels by name, and the file they were read from (for messages)."""

    channels: dict[str, Channel] = Field(default_factory=dict)
    path: str = Field(default="(built-in defaults)", exclude=True)

    def channel(self, name: str) -> EmailChannel | SlackChannel | WebhookChannel | None:
        return self.channels.get(name)

    def missing_secrets(self) -> list[str]:
        """Environment variables the channels name but this process does not have (names only)."""
        missing = []
        for name, channel in self.channels.items():
            variable = getattr(channel, "password_env", None) or getattr(channel, "url_env", None)
            if variable and not os.environ.get(variable):
                missing.append(f"channel '{name}': environment variable {variable} is not set")
        return missing


def _secret(variable: str | None) -> str:
    value = os.environ.get(variable or "")
    if not value:
        raise SecretMissing(f"environment variable {variable} is not set; export it where the monitor runs")
    return value
