"""Backends as CONTRIBUTING's "Add a backend" recipe makes them: a plugin registers, settings choose, a factory builds.

The backends below are plugins written the way a plugin author would write them, not stand-ins
for StarCoach's own code: everything they pass through (registry, settings, factories, the CLI)
is the real thing.
"""

from __future__ import annotations

import json
import os
import subprocess
import textwrap
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace
from typing import Any, TypeVar

import pytest
from pydantic import BaseModel, ConfigDict, Field

from starcoach.backends import (
    BackendSpec,
    Register,
    backend_ids,
    make_language_model,
    make_transcriber,
    make_voice,
    register_plugin,
    unregister_plugin,
)
from starcoach.cli.context import CliRun
from starcoach.errors import ConfigError
from starcoach.llm.choose import generate_with_fallback
from starcoach.llm.protocol import LanguageModel, Task
from starcoach.settings import Settings
from starcoach.speech.types import SAMPLE_RATE, AudioChunk, Progress, Speaker, Transcriber, Transcript
from tests.cli._run import STARCOACH

T = TypeVar("T", bound=BaseModel)


# -- the plugin (steps 1-3 of the recipe) ---------------------------------------------------------
class ScriptedOptions(BaseModel):
    """Options of the scripted model: the file holding its answer."""

    model_config = ConfigDict(extra="forbid")

    answers: Path


class ScriptedModel:
    """A language model that answers every task with the JSON in one file."""

    backend_id = "scripted"
    remote = False
    where = "a file"

    def __init__(self, options: ScriptedOptions) -> None:
        self.answers = options.answers

    def generate(self, task: Task[T]) -> T:
        return task.schema.model_validate_json(self.answers.read_text(encoding="utf-8"))


class BeepOptions(BaseModel):
    """Options of the beeping voice."""

    model_config = ConfigDict(extra="forbid")

    seconds_per_word: float = Field(default=0.25, gt=0, le=2)


class BeepVoice:
    """A voice that says one beep a word."""

    backend_id = "beep"

    def __init__(self, options: BeepOptions) -> None:
        self.seconds_per_word = options.seconds_per_word

    def synthesize(self, text: str) -> AudioChunk:
        import numpy as np

        length = round(len(text.split()) * self.seconds_per_word * SAMPLE_RATE)
        samples = (0.2 * np.sin(np.arange(length) * 2 * np.pi * 440 / SAMPLE_RATE)).astype(np.float32)
        return AudioChunk(0.0, samples)


class NoOptions(BaseModel):
    model_config = ConfigDict(extra="forbid")


class DeafTranscriber:
    """A recogniser that hears no words at all."""

    backend_id = "deaf"
    name = "deaf v1"

    def transcribe(self, chunks: Iterator[AudioChunk], duration: float, progress: Progress | None = None) -> Transcript:
        heard = sum(len(chunk.samples) for chunk in chunks) / SAMPLE_RATE
        return Transcript(words=(), duration=heard, backend=self.name)


def register_language_models(register: Register) -> None:
    register(BackendSpec("scripted", ScriptedOptions, lambda options, settings: ScriptedModel(options)))


def register_voices(register: Register) -> None:
    register(BackendSpec("beep", BeepOptions, lambda options, settings: BeepVoice(options)))


def register_transcribers(register: Register) -> None:
    register(BackendSpec("deaf", NoOptions, lambda options, settings: DeafTranscriber()))


PLUGIN = SimpleNamespace(
    register_language_models=register_language_models,
    register_voices=register_voices,
    register_transcribers=register_transcribers,
)


@pytest.fixture
def plugin() -> Iterator[None]:
    register_plugin(PLUGIN)
    yield
    unregister_plugin(PLUGIN)


def _task() -> Task[Any]:
    class Reply(BaseModel):
        reply: str

    return Task(instructions="Reply.", schema=Reply, fallback=lambda: Reply(reply="built in"))


# -- step 4: chosen by settings, built by the factory ---------------------------------------------
def test_a_registered_language_model_is_chosen_by_settings_and_used(plugin: None, tmp_path: Path) -> None:
    answers = tmp_path / "answer.json"
    answers.write_text('{"reply": "from the plugin"}', encoding="utf-8")
    settings = Settings(home=tmp_path, llm_backend="scripted", llm_options={"answers": str(answers)})
    model = make_language_model(settings)
    assert isinstance(model, LanguageModel) and model.backend_id == "scripted"
    answer, backend = generate_with_fallback(model, _task(), lambda line: None)
    assert answer.reply == "from the plugin" and backend == "scripted"


def test_a_registered_voice_and_transcriber_are_built_from_settings(plugin: None, tmp_path: Path) -> None:
    settings = Settings(home=tmp_path, voice="beep", voice_options={"seconds_per_word": 0.5}, transcriber="deaf")
    voice: Speaker = make_voice(settings)
    spoken = voice.synthesize("four words said here")
    assert spoken.duration == pytest.approx(2.0)
    transcriber: Transcriber = make_transcriber(settings)
    transcript = transcriber.transcribe(iter([spoken]), spoken.duration)
    assert transcript.text == "" and transcript.duration == pytest.approx(2.0) and transcript.backend == "deaf v1"


def test_the_built_ins_come_first_and_plugins_after(plugin: None) -> None:
    assert backend_ids("language model") == ("embedded", "openai-compatible", "scripted")
    assert backend_ids("voice") == ("espeak", "piper", "beep")
    assert backend_ids("transcriber") == ("faster-whisper", "deaf")


def test_an_unregistered_plugin_is_gone(tmp_path: Path) -> None:
    register_plugin(PLUGIN)
    unregister_plugin(PLUGIN)
    with pytest.raises(ConfigError) as caught:
        make_voice(Settings(home=tmp_path, voice="beep"))
    assert caught.value.one_line() == (
        "setting 'voice': there is no voice backend called 'beep'. Choose one of: espeak, piper."
    )


# -- mistakes a user can make, each one clear line -------------------------------------------------
def test_an_unknown_backend_names_every_known_one_plugins_included(plugin: None, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        make_language_model(Settings(home=tmp_path, llm_backend="gpt"))
    assert caught.value.one_line() == (
        "setting 'llm_backend': there is no language model backend called 'gpt'. "
        "Choose one of: embedded, openai-compatible, scripted."
    )


def test_an_option_the_backend_does_not_take_is_refused_with_the_ones_it_does(plugin: None, tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as caught:
        make_voice(Settings(home=tmp_path, voice="beep", voice_options={"speed": 2}))
    assert caught.value.one_line() == (
        "setting 'voice_options.speed': the voice 'beep' has no such option. Its options are: seconds_per_word."
    )


def test_a_bad_option_value_names_the_option(plugin: None, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"setting 'voice_options\.seconds_per_word': input should be greater"):
        make_voice(Settings(home=tmp_path, voice="beep", voice_options={"seconds_per_word": -1}))


def test_a_missing_option_is_named(plugin: None, tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"setting 'llm_options\.answers': field required"):
        make_language_model(Settings(home=tmp_path, llm_backend="scripted"))


def test_a_run_checks_the_chosen_backends_when_it_reads_the_settings(
    plugin: None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "config.toml"
    config.write_text('voice = "beep"\n[voice_options]\nloud = true\n', encoding="utf-8")
    monkeypatch.setenv("STARCOACH_CONFIG", str(config))
    with pytest.raises(ConfigError) as caught:
        _ = CliRun().settings
    assert caught.value.where == str(config) and "has no such option" in caught.value.what


# -- mistakes a plugin author can make -------------------------------------------------------------
def test_an_options_model_that_ignores_unknown_keys_is_refused() -> None:
    class Lenient(BaseModel):
        level: int = 1

    with pytest.raises(ValueError, match="extra='forbid'"):
        BackendSpec("lenient", Lenient, lambda options, settings: None)


def test_two_plugins_with_the_same_backend_id_are_refused(plugin: None, tmp_path: Path) -> None:
    twin = SimpleNamespace(__name__="twin_plugin", register_voices=register_voices)
    register_plugin(twin)
    try:
        with pytest.raises(ConfigError, match=r"two plugins provide the voice backend 'beep'.*twin_plugin"):
            make_voice(Settings(home=tmp_path))
    finally:
        unregister_plugin(twin)


# -- the published route: an installed package's entry point, seen by the real command -------------
PLUGIN_MODULE = """
from pydantic import BaseModel, ConfigDict

from starcoach.backends import BackendSpec


class Options(BaseModel):
    model_config = ConfigDict(extra="forbid")

    answers: str


class FileModel:
    backend_id = "from-file"
    remote = False
    where = "a file on this machine"

    def __init__(self, options):
        self.answers = options.answers

    def generate(self, task):
        with open(self.answers, encoding="utf-8") as handle:
            return task.schema.model_validate_json(handle.read())


def register_language_models(register):
    register(BackendSpec("from-file", Options, lambda options, settings: FileModel(options)))
"""


@pytest.fixture
def installed_plugin(tmp_path: Path) -> dict[str, str]:
    """A plugin package installed the way pip leaves one: its module and a dist-info with the entry point."""
    site = tmp_path / "site"
    (site / "starcoach_from_file-1.0.dist-info").mkdir(parents=True)
    (site / "starcoach_from_file.py").write_text(textwrap.dedent(PLUGIN_MODULE), encoding="utf-8")
    info = site / "starcoach_from_file-1.0.dist-info"
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: starcoach-from-file\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[starcoach]\nfrom_file = starcoach_from_file\n", encoding="utf-8")
    rewrite = {"rewrite": "I listened, fixed the router and called her back.", "missing": []}
    (tmp_path / "rewrite.json").write_text(json.dumps(rewrite), encoding="utf-8")
    (tmp_path / "answer.txt").write_text("I listened and fixed the router.", encoding="utf-8")
    return {
        **os.environ,
        "PYTHONPATH": str(site),
        "STARCOACH_HOME": str(tmp_path / "home"),
        "STARCOACH_CONFIG": str(tmp_path / "config.toml"),
    }


def _rewrite(tmp_path: Path, env: dict[str, str], *flags: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [STARCOACH, *flags, "analyze", str(tmp_path / "answer.txt"), "--rewrite"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.slow
def test_a_published_plugin_is_chosen_by_the_config_file(installed_plugin: dict[str, str], tmp_path: Path) -> None:
    answers = (tmp_path / "rewrite.json").as_posix()
    (tmp_path / "config.toml").write_text(
        f'llm_backend = "from-file"\n[llm_options]\nanswers = "{answers}"\n', encoding="utf-8"
    )
    result = _rewrite(tmp_path, installed_plugin)
    assert result.returncode == 0, result.stderr
    assert "I listened, fixed the router and called her back." in result.stdout
    assert "Written by the language model at a file on this machine (from-file)" in result.stdout


@pytest.mark.slow
def test_a_flag_beats_the_environment_which_beats_the_config_file(
    installed_plugin: dict[str, str], tmp_path: Path
) -> None:
    # Three addresses where nothing listens: which one the notice names shows which setting won.
    (tmp_path / "config.toml").write_text(
        'llm_backend = "openai-compatible"\nllm_url = "http://127.0.0.1:7/v1"\nllm_model = "m"\n', encoding="utf-8"
    )
    no_retry = ("--set", "llm_options.retries=0")
    from_file = _rewrite(tmp_path, installed_plugin, *no_retry)
    assert from_file.returncode == 0, from_file.stderr
    assert "the language model at http://127.0.0.1:7/v1 did not answer" in from_file.stderr

    env = {**installed_plugin, "STARCOACH_LLM_URL": "http://127.0.0.1:9/v1"}
    from_env = _rewrite(tmp_path, env, *no_retry)
    assert "the language model at http://127.0.0.1:9/v1 did not answer" in from_env.stderr

    from_flag = _rewrite(tmp_path, env, *no_retry, "--set", "llm_url=http://127.0.0.1:13/v1")
    assert "the language model at http://127.0.0.1:13/v1 did not answer" in from_flag.stderr

    built_in = _rewrite(tmp_path, env, "--set", "llm_backend=embedded")
    assert built_in.returncode == 0, built_in.stderr
    assert "Built in (embedded): your own sentences" in built_in.stdout and not built_in.stderr


def test_every_built_in_backend_is_documented_with_its_options() -> None:
    from starcoach.backends import KINDS, _specs

    doc = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    for kind in KINDS:
        for backend_id, spec in _specs(kind).items():
            assert f"`{backend_id}`" in doc, backend_id
            for option in spec.options.model_fields:
                assert f"`{option}`" in doc, f"{backend_id}: {option}"


@pytest.mark.slow
def test_a_broken_plugin_is_one_line_naming_it(tmp_path: Path) -> None:
    info = tmp_path / "site" / "starcoach_broken-1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: starcoach-broken\nVersion: 1.0\n", encoding="utf-8")
    (info / "entry_points.txt").write_text("[starcoach]\nbroken = starcoach_not_there\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path / "site"), "STARCOACH_CONFIG": str(tmp_path / "none.toml")}
    result = subprocess.run([STARCOACH, "config"], env=env, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "starcoach: error: the StarCoach plugin 'broken' (starcoach_not_there) cannot be loaded: No module named"
    )
    assert "Traceback" not in result.stderr
