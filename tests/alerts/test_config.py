"""monitor.yaml: the shipped example, the defaults, and errors that name the file, the key and the fix."""

from pathlib import Path

import pytest

from monitor.alerts.config import ConfigError, load_config

REPO = Path(__file__).resolve().parents[2]


def errors_of(tmp_path, text: str) -> list[str]:
    path = tmp_path / "monitor.yaml"
    path.write_text(text)
    with pytest.raises(ConfigError) as caught:
        load_config(path)
    assert all(e.startswith(f"{path}: ") for e in caught.value.errors)
    return [e.removeprefix(f"{path}: ") for e in caught.value.errors]


def test_the_shipped_example_is_valid():
    config = load_config(REPO / "monitor.example.yaml")
    assert set(config.channels) == {"team-mail", "slack-alerts"}
    mail = config.channel("team-mail")
    assert (mail.type, mail.effective_port, mail.from_, mail.to) == \
        ("email", 587, "AI risk monitor <alerts@example.org>", ("security-team@example.org", "policy@example.org"))
    assert [r.name for r in config.active_rules] == ["tier-changes", "regulatory-moves"]
    assert [(d.name, d.schedule, d.send_empty) for d in config.digests] == \
        [("daily", "0 7 * * *", False), ("weekly", "0 8 * * mon", False)]


def test_no_file_means_the_built_in_defaults(tmp_path, monkeypatch):
    monkeypatch.delenv("MONITOR_CONFIG", raising=False)
    monkeypatch.chdir(tmp_path)
    config = load_config()
    assert config.path == "(built-in defaults)" and config.channels == {}
    assert [r.name for r in config.rules] == ["tier-changes", "regulatory-moves"]
    assert [d.name for d in config.digests] == ["daily"]
    with pytest.raises(ConfigError, match="no such file; copy monitor.example.yaml"):
        load_config(tmp_path / "missing.yaml", required=True)


def test_the_environment_names_the_file(tmp_path, monkeypatch):
    path = tmp_path / "elsewhere.yaml"
    path.write_text("rules:\n  - name: only\n    match: {action: litigation}\n")
    monkeypatch.setenv("MONITOR_CONFIG", str(path))
    assert [r.name for r in load_config().rules] == ["only"]


def test_each_problem_names_its_key_and_the_fix(tmp_path):
    errors = errors_of(tmp_path, """
channels:
  mail:
    type: email
    host: smtp.example.org
    security: tls
    from: alerts@example.org
    to: team@example.org
    pasword_env: SMTP_PASSWORD
  chat:
    type: slak
    url: https://hooks.slack.com/services/x
  hook:
    type: webhook
rules:
  - name: tiers
    match: {action: tier_chnge, themes: [cybr], min_score: 2}
    notify: [mail]
digests:
  - name: daily
    schedule: "0 7 * *"
    send_emtpy: true
""")
    assert errors == [
        "channels.mail.security: 'tls' is not one of 'starttls', 'ssl' or 'none'",
        "channels.mail: unknown key 'pasword_env'; did you mean 'password_env'?",
        "channels.chat.type: 'slak' is not a channel type; use email, slack or webhook",
        "channels.hook: give exactly one of url or url_env (the name of an environment variable holding the URL; "
        "prefer it, webhook URLs are secrets)",
        "rules[0] (name 'tiers').match.action: unknown action 'tier_chnge'; did you mean 'tier_change'?",
        "rules[0] (name 'tiers').match.themes: unknown theme 'cybr'; did you mean 'cyber'?",
        "rules[0] (name 'tiers').match.min_score: Input should be less than or equal to 1",
        "digests[0] (name 'daily').schedule: '0 7 * *' is not a cron schedule: it needs 5 fields (minute hour day "
        "month weekday), like '0 7 * * *' for 07:00 UTC every day or '0 8 * * mon' for Mondays",
        "digests[0] (name 'daily'): unknown key 'send_emtpy'; did you mean 'send_empty'?",
    ]


def test_references_and_secrets(tmp_path):
    errors = errors_of(tmp_path, """
channels:
  mail: {type: email, host: h, from: a@b.example, to: [c@d.example], password_env: "hunter2 is my password"}
""")
    assert errors == ["channels.mail.password_env: 'hunter2 is my password' is not an environment variable name; "
                      "write the variable's name (like SMTP_PASSWORD), not its value"]
    errors = errors_of(tmp_path, """
channels:
  mail: {type: email, host: h, from: a@b.example, to: [c@d.example]}
rules:
  - {name: a, match: {action: litigation}, notify: [mial]}
  - {name: a, notify: mail}
digests:
  - {name: daily, schedule: "61 7 * * *", channels: [slack]}
""")
    assert errors[0] == "digests[0] (name 'daily').schedule: '61 7 * * *' is not a valid cron schedule (Error " \
                        "validating expression '61': the last value (61) is higher than the maximum value (59)); " \
                        "write it like '0 7 * * *' (minute hour day month weekday, UTC)"
    errors = errors_of(tmp_path, """
channels:
  mail: {type: email, host: h, from: a@b.example, to: [c@d.example]}
rules:
  - {name: a, match: {action: litigation}, notify: [mial]}
  - {name: a, notify: mail}
digests:
  - {name: daily, schedule: "0 7 * * *", channels: [slack]}
""")
    assert errors == [
        "rules[0] (name 'a').notify: no channel named 'mial'; did you mean 'mail'?",
        "rules[1] (name 'a'): the name is used twice; give each entry its own name",
        "digests[0] (name 'daily').channels: no channel named 'slack'; known: mail",
    ]


def test_broken_yaml_and_wrong_shapes(tmp_path):
    assert errors_of(tmp_path, "rules: [unclosed")[0].startswith("not valid YAML at line 1, column 17: expected ',' or ']'")
    assert errors_of(tmp_path, "- just\n- a list\n") == [
        "expected a mapping with channels:, rules: and digests:; got list"]
    assert errors_of(tmp_path, "channel:\n  x: {}\nrules: {}\n") == [
        "unknown top-level key 'channel'; did you mean 'channels'?",
        "rules: expected a list of entries, each starting with '- name: ...'",
    ]
