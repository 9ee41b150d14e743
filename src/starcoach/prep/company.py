"""Notes about one company: what it sells, to whom, through which channels, where customers struggle."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict, Field

from starcoach.errors import UserInputError
from starcoach.interview.job_description import MAX_JOB_DESCRIPTION_BYTES

MAX_NAME_CHARS = 200
MAX_NOTE_CHARS = 4000
# The fields a user fills in, with the words error messages and listings use for them.
NOTE_FIELDS: dict[str, str] = {
    "product": "product",
    "customers": "customers",
    "channels": "support channels",
    "pain_points": "pain points",
    "notes": "other notes",
}


def company_key(name: str) -> str:
    """The form under which a company is stored: case and spacing ignored ("ACME  Ltd" is "acme ltd")."""
    return " ".join(name.split()).casefold()


class CompanyNotes(BaseModel):
    """What the user found out about one company, and the job description they are applying to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    company: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    product: str = Field(default="", max_length=MAX_NOTE_CHARS)
    customers: str = Field(default="", max_length=MAX_NOTE_CHARS)
    channels: str = Field(default="", max_length=MAX_NOTE_CHARS)
    pain_points: str = Field(default="", max_length=MAX_NOTE_CHARS)
    notes: str = Field(default="", max_length=MAX_NOTE_CHARS)
    job_description: str = Field(default="", max_length=MAX_JOB_DESCRIPTION_BYTES)
    updated_at: datetime

    @property
    def key(self) -> str:
        """The stored key of this company."""
        return company_key(self.company)

    def filled(self) -> list[str]:
        """The names of the note fields that have text, as a listing shows them."""
        names = [label for field, label in NOTE_FIELDS.items() if getattr(self, field)]
        return [*names, "job description"] if self.job_description else names


def clean_name(name: str) -> str:
    """A company name on one line, or a clear error when it is empty or too long."""
    cleaned = " ".join(name.split())
    if not cleaned:
        raise UserInputError("the company name is empty", hint='Give the name, e.g. starcoach prep company "Acme"')
    if len(cleaned) > MAX_NAME_CHARS:
        raise UserInputError(
            f"the company name is over {MAX_NAME_CHARS} characters", hint="Give just the company's name."
        )
    return cleaned


def updated_notes(
    existing: CompanyNotes | None, name: str, changes: dict[str, str | None], now: datetime
) -> CompanyNotes:
    """New notes for ``name``: the existing ones with each given field replaced (None keeps a field)."""
    company = clean_name(name)
    values: dict[str, str] = {field: "" for field in (*NOTE_FIELDS, "job_description")}
    if existing is not None:
        values.update({field: getattr(existing, field) for field in values})
    for field, value in changes.items():
        if field not in values:
            raise ValueError(f"unknown company note field {field!r}")
        if value is None:
            continue
        text = value.strip()
        limit = MAX_JOB_DESCRIPTION_BYTES if field == "job_description" else MAX_NOTE_CHARS
        if len(text) > limit:
            label = NOTE_FIELDS.get(field, "job description")
            raise UserInputError(
                f"the {label} note is {len(text):,} characters; the limit is {limit:,}",
                hint="Keep the few facts you will use in the interview.",
            )
        values[field] = text
    return CompanyNotes(company=company, updated_at=now, **values)
