"""Settings: defaults, then the config file, then STARCOACH_* variables, then flags."""

from pathlib import Path

import pytest

from starcoach.errors import ConfigError
from starcoach.settings import Settings, load_settings


def test_later_sources_override_earlier_ones(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("words_per_minute = 140\nsilence_seconds = 6\n", encoding="utf-8")
    env = {"STARCOACH_CONFIG": str(config), "STARCOACH_HOME": str(tmp_path), "STARCOACH_SILENCE_SECONDS": "2"}
    settings = load_settings(env, recent_sessions=5)
    assert settings.words_per_minute == 140
    assert settings.silence_seconds == 2
    assert settings.recent_sessions == 5
    assert settings.resolved_database_url == f"sqlite:///{tmp_path / 'starcoach.db'}"


def test_a_bad_value_names_the_setting(tmp_path: Path) -> None:
    env = {
        "STARCOACH_CONFIG": str(tmp_path / "none.toml"),
        "STARCOACH_HOME": str(tmp_path),
        "STARCOACH_WORDS_PER_MINUTE": "fast",
    }
    with pytest.raises(ConfigError, match="words_per_minute"):
        load_settings(env)


def test_a_broken_config_file_is_reported_with_its_path(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text("words_per_minute = = 3", encoding="utf-8")
    with pytest.raises(ConfigError, match=r"config\.toml"):
        load_settings({"STARCOACH_CONFIG": str(config), "STARCOACH_HOME": str(tmp_path)})


def test_every_setting_is_documented() -> None:
    doc = (Path(__file__).resolve().parent.parent / "docs" / "configuration.md").read_text(encoding="utf-8")
    for name in Settings.model_fields:
        assert f"`{name}`" in doc, name


def test_only_the_command_line_entry_reads_the_settings() -> None:
    # Settings are read once per process and passed down; a second reader could see other values.
    import ast

    source = Path(__file__).resolve().parent.parent / "src" / "starcoach"
    readers = set()
    for path in source.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        if any(
            isinstance(node, ast.Name | ast.alias) and "load_settings" in ast.unparse(node) for node in ast.walk(tree)
        ):
            readers.add(path.relative_to(source).as_posix())
    assert readers == {"cli/context.py"}  # settings.py defines it; the CLI's run context is its one caller


def test_a_flag_changes_one_backend_option_and_keeps_the_files_others(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text('[voice_options]\nlanguage = "en-gb"\nrate_wpm = 150\n', encoding="utf-8")
    env = {"STARCOACH_CONFIG": str(config), "STARCOACH_HOME": str(tmp_path)}
    settings = load_settings(env, voice_options={"rate_wpm": "120"})
    assert settings.voice_options == {"language": "en-gb", "rate_wpm": "120"}
    from starcoach.backends import make_voice
    from starcoach.speech.tts import EspeakSpeaker

    voice = make_voice(settings)
    assert isinstance(voice, EspeakSpeaker) and (voice.voice, voice.rate_wpm) == ("en-gb", 120)
