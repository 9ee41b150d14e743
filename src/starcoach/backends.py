"""Backends (speech-to-text, voices, language models): registered by id, chosen by settings, built by one factory.

Built-ins and plugins register the same way. A plugin is any module (or object) with one or more
of these hooks, each calling ``register(BackendSpec(...))`` once per backend it provides::

    register_transcribers(register)      # speech to timed words   (settings: transcriber)
    register_voices(register)            # text to speech          (settings: voice)
    register_language_models(register)   # tasks to validated JSON (settings: llm_backend)

The built-in plugins (``starcoach.speech.backends``, ``starcoach.llm.backends``) are read first,
then every module published under the ``starcoach`` entry-point group, then any handed to
:func:`register_plugin` at run time, all through the same function. A backend's options come
from the settings' ``transcriber_options`` / ``voice_options`` / ``llm_options`` table and are
checked by the backend's own strict pydantic model, so a typo is an error, never ignored.
"""

from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar

from pydantic import BaseModel, ValidationError

from starcoach.errors import ConfigError

if TYPE_CHECKING:
    from starcoach.llm.protocol import LanguageModel
    from starcoach.settings import Settings
    from starcoach.speech.types import Speaker, Transcriber

Kind = Literal["transcriber", "voice", "language model"]
KINDS: tuple[Kind, ...] = ("transcriber", "voice", "language model")

B = TypeVar("B")
O = TypeVar("O", bound=BaseModel)  # noqa: E741  # the options model, as in BackendSpec[Backend, Options]

_ID = re.compile(r"[a-z0-9][a-z0-9._-]{0,39}")


@dataclass(frozen=True)
class _Slot:
    """Where one kind of backend is registered and chosen."""

    hook: str  # the plugin hook that registers it
    choice: str  # the setting naming the backend in use
    options: str  # the setting holding that backend's options


_SLOTS: dict[Kind, _Slot] = {
    "transcriber": _Slot("register_transcribers", "transcriber", "transcriber_options"),
    "voice": _Slot("register_voices", "voice", "voice_options"),
    "language model": _Slot("register_language_models", "llm_backend", "llm_options"),
}


@dataclass(frozen=True)
class BackendSpec(Generic[B, O]):
    """One backend: the id users choose it by, its options model, and how to build it.

    ``build(options, settings)`` receives the validated options and the settings in force (for
    the data folder and the general settings a backend honours); it must be cheap: load models
    on first use, not here.
    """

    backend_id: str
    options: type[O]
    build: Callable[[O, Settings], B]
    summary: str = ""

    def __post_init__(self) -> None:
        # Plugin authors' mistakes: raised as programming errors when the plugin registers.
        if not _ID.fullmatch(self.backend_id):
            raise ValueError(f"backend id {self.backend_id!r}: use 1-40 of a-z, 0-9, '.', '_', '-'")
        if self.options.model_config.get("extra") != "forbid":
            raise ValueError(f"backend {self.backend_id!r}: its options model must set extra='forbid'")


AnySpec = BackendSpec[Any, Any]
Register = Callable[[AnySpec], None]

_lock = threading.RLock()
_runtime_plugins: list[object] = []
_registry: dict[Kind, dict[str, AnySpec]] | None = None


def register_plugin(plugin: object) -> None:
    """Add a plugin (a module or object with ``register_*`` hooks); its backends are chosen by id like any other."""
    global _registry
    with _lock:
        if plugin not in _runtime_plugins:
            _runtime_plugins.append(plugin)
        _registry = None  # read again, in order, on next use


def unregister_plugin(plugin: object) -> None:
    """Remove a plugin added with :func:`register_plugin` (tests, embedding applications)."""
    global _registry
    with _lock:
        if plugin in _runtime_plugins:
            _runtime_plugins.remove(plugin)
        _registry = None


def _entry_point_plugins() -> list[object]:
    from importlib.metadata import entry_points

    plugins = []
    for entry in entry_points(group="starcoach"):
        try:
            plugins.append(entry.load())
        except Exception as exc:  # a broken or half-installed package: say which one, not a traceback
            raise ConfigError(
                f"the StarCoach plugin '{entry.name}' ({entry.value}) cannot be loaded: {exc}",
                hint="Reinstall it, or uninstall it.",
            ) from exc
    return plugins


def _builtin_plugins() -> list[object]:
    from starcoach.llm import backends as llm_backends
    from starcoach.speech import backends as speech_backends

    return [speech_backends, llm_backends]


def _read(plugins: list[object]) -> dict[Kind, dict[str, AnySpec]]:
    registry: dict[Kind, dict[str, AnySpec]] = {kind: {} for kind in KINDS}
    for plugin in plugins:
        for kind, slot in _SLOTS.items():
            hook = getattr(plugin, slot.hook, None)
            if hook is not None:
                hook(_registrar(registry[kind], kind, plugin))
    return registry


def _registrar(into: dict[str, AnySpec], kind: Kind, plugin: object) -> Register:
    def register(spec: AnySpec) -> None:
        if spec.backend_id in into:
            name = getattr(plugin, "__name__", type(plugin).__name__)
            raise ConfigError(
                f"two plugins provide the {kind} backend '{spec.backend_id}' (the second is {name})",
                hint="Uninstall one of them.",
            )
        into[spec.backend_id] = spec

    return register


def _specs(kind: Kind) -> dict[str, AnySpec]:
    global _registry
    with _lock:
        if _registry is None:
            _registry = _read([*_builtin_plugins(), *_entry_point_plugins(), *_runtime_plugins])
        return _registry[kind]


def backend_ids(kind: Kind) -> tuple[str, ...]:
    """The ids of every registered backend of this kind, built-ins first."""
    return tuple(_specs(kind))


def _chosen(kind: Kind, settings: Settings) -> tuple[AnySpec, BaseModel]:
    """The spec the settings choose for ``kind`` and its validated options; a one-line ConfigError otherwise."""
    slot = _SLOTS[kind]
    backend_id = getattr(settings, slot.choice)
    specs = _specs(kind)
    spec = specs.get(backend_id)
    if spec is None:
        raise ConfigError(
            f"setting '{slot.choice}': there is no {kind} backend called '{backend_id}'",
            hint=f"Choose one of: {', '.join(specs)}.",
        )
    raw = getattr(settings, slot.options)
    try:
        options = spec.options.model_validate(raw)
    except ValidationError as exc:
        first = exc.errors()[0]
        place = ".".join(str(part) for part in (slot.options, *first["loc"]))
        known = ", ".join(spec.options.model_fields) or "none"
        unknown = first["type"] == "extra_forbidden"
        raise ConfigError(
            f"setting '{place}': "
            + (f"the {kind} '{backend_id}' has no such option" if unknown else first["msg"].lower()),
            hint=f"Its options are: {known}." if unknown else "See docs/configuration.md.",
        ) from exc
    return spec, options


def check_backends(settings: Settings) -> None:
    """Raise a one-line ConfigError unless every backend the settings choose exists and takes its options."""
    for kind in KINDS:
        _chosen(kind, settings)


def _make(kind: Kind, settings: Settings) -> Any:
    spec, options = _chosen(kind, settings)
    return spec.build(options, settings)


def make_transcriber(settings: Settings) -> Transcriber:
    """The speech-to-text backend ``settings.transcriber`` names (its model loads on first use)."""
    transcriber: Transcriber = _make("transcriber", settings)
    return transcriber


def make_voice(settings: Settings) -> Speaker:
    """The text-to-speech backend ``settings.voice`` names."""
    voice: Speaker = _make("voice", settings)
    return voice


def make_language_model(settings: Settings) -> LanguageModel:
    """The language model ``settings.llm_backend`` names."""
    model: LanguageModel = _make("language model", settings)
    return model
