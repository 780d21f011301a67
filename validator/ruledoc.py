"""Rule documentation rendered from the data the engine runs: the code catalog (rules/codes.yaml), the venue rule
files (rules/<venue>.yaml), the check-function registry (validator/rule_functions) and the `when` forms.

One source feeds `orderlint rules --format markdown|json`, `orderlint rules --functions`, the SARIF rule
descriptors and the committed docs/rule-language.md, so what the docs say is what runs.
"""

from __future__ import annotations

import json
import re
import textwrap
import typing as t

from .codes import CodeInfo
from .conditions import describe
from .ruleset import Rule

FAMILIES = {"P": "Loading the input", "E": "The order document and the run", "S": "The operation's JSON Schema",
            "M": "Market metadata", "R": "Venue rules"}


def anchor(code: str, name: str) -> str:
    """The stable anchor of a code's section: `r101-price-increment` (what GitHub makes of "R101 price-increment")."""
    return f"{code.lower()}-{name}"


def rule_anchor(rule: Rule) -> str:
    """The stable anchor of one venue rule: `<venue>-<rule-id>`."""
    return re.sub(r"[^a-z0-9-]+", "-", f"{rule.venue}-{rule.id}".lower())


def code_doc(info: CodeInfo, rules: t.Sequence[Rule]) -> dict[str, t.Any]:
    """Everything documented about one code: the catalog entry and the venue rules that report it."""
    return {
        "code": info.code, "name": info.name, "severity": info.severity, "anchor": anchor(info.code, info.name),
        "summary": info.summary, "what": info.what, "why": info.why, "fix": info.fix, "example": info.example,
        "rules": [rule_doc(rule) for rule in rules if rule.code == info.code],
    }


def rule_doc(rule: Rule) -> dict[str, t.Any]:
    return {
        "venue": rule.venue, "id": rule.id, "anchor": rule_anchor(rule), "severity": rule.severity,
        "strict_severity": rule.strict_severity, "operations": list(rule.operations), "when": describe(rule.when),
        "check": rule.check_options, "message": rule.message, "help": rule.help, "explanation": rule.explanation,
        "reference": rule.reference, "url": rule.url, "examples": [dict(e) for e in rule.examples],
    }


def all_docs(codes: t.Mapping[str, CodeInfo], rules: t.Sequence[Rule], venue: str | None = None) -> list[dict[str, t.Any]]:
    """Every code's documentation, in catalog order; with `venue`, R codes that venue does not use are left out."""
    out = []
    for info in codes.values():
        chosen = [r for r in rules if r.code == info.code and (venue is None or r.venue == venue)]
        if venue and info.code.startswith("R") and not chosen:
            continue
        out.append(code_doc(info, chosen))
    return out


def plain_text(doc: dict[str, t.Any]) -> str:
    """A code's documentation as plain text (SARIF help.text, fullDescription)."""
    parts = [f"{doc['code']} {doc['name']}: {doc['summary']}"]
    for title, key in (("What it does", "what"), ("Why it matters", "why"), ("How to fix", "fix")):
        if doc[key]:
            parts.append(f"{title}: {' '.join(str(doc[key]).split())}")
    for rule in doc["rules"]:
        where = f" ({rule['url']})" if rule["url"] else ""
        parts.append(f"{rule['venue']}/{rule['id']} [{rule['severity']}]: {' '.join(rule['explanation'].split())} "
                     f"Venue reference: {rule['reference']}{where}")
    return "\n\n".join(parts)


def _fence(value: t.Any) -> list[str]:
    return ["```json", json.dumps(value, ensure_ascii=False, indent=2, sort_keys=False, default=str), "```"]


def markdown(doc: dict[str, t.Any], level: int = 2) -> str:
    """A code's documentation as Markdown, ruff-style: what it does, why, example, how to fix, then the venue rules."""
    head = "#" * level
    out = [f"{head} {doc['code']} {doc['name']}", "", f"{doc['summary']} Default severity: **{doc['severity']}**.", ""]
    if doc["what"]:
        out += [f"{head}# What it does", "", " ".join(str(doc["what"]).split()), ""]
    if doc["why"]:
        out += [f"{head}# Why is this bad?", "", " ".join(str(doc["why"]).split()), ""]
    if doc["example"] is not None:
        out += [f"{head}# Example", "", *_fence(doc["example"]), ""]
    if doc["fix"]:
        out += [f"{head}# How to fix", "", " ".join(str(doc["fix"]).split()), ""]
    for rule in doc["rules"]:
        level_note = f"{rule['severity']}" + (f", {rule['strict_severity']} with --strict" if rule["strict_severity"] else "")
        out += [f'<a id="{rule["anchor"]}"></a>', "", f"{head}# {rule['venue']}/{rule['id']} ({level_note})", ""]
        when = "" if rule["when"] == "always" else f" when {rule['when']}"
        out += [f"Applies to {', '.join(f'`{op}`' for op in rule['operations'])}{when}.", ""]
        out += [" ".join(rule["explanation"].split()), ""]
        reference = f"[{rule['reference']}]({rule['url']})" if rule["url"] else rule["reference"]
        out += [f"Venue reference: {reference}", "", f"Message: `{rule['message']}`", ""]
        for example in rule["examples"]:
            out += [f"Rejected ({example['operation']}):", "", *_fence(example["bad"]), ""]
            out += ["Accepted:", "", *_fence(example["good"]), ""]
        if rule["help"]:
            out += [f"Fix: {' '.join(rule['help'].split())}", ""]
    return "\n".join(out)


def markdown_page(docs: t.Sequence[dict[str, t.Any]]) -> str:
    """Every code's documentation as one Markdown page with a table of contents."""
    out = ["# orderlint rules", "", "Generated by `orderlint rules --format markdown` from rules/codes.yaml and the venue rule files.", ""]
    for doc in docs:
        out.append(f"- [{doc['code']} {doc['name']}](#{doc['anchor']}): {doc['summary']}")
    out.append("")
    for doc in docs:
        out += [markdown(doc), ""]
    return "\n".join(out).rstrip() + "\n"


def json_page(docs: t.Sequence[dict[str, t.Any]]) -> str:
    return json.dumps({"version": 1, "codes": docs}, ensure_ascii=False, indent=2, default=str) + "\n"


def wrap(text: str, width: int = 100) -> str:
    return textwrap.fill(" ".join(text.split()), width)


# ---- the rule language: check functions, `when` forms, checklists (orderlint rules --functions) ----------------

# Every `when` form the rule meta-schema allows (validator/meta/ruleset.schema.json #/$defs/condition), with what
# validator/conditions.py makes of it. tests/test_cli.py checks that this list and the meta-schema agree and that
# each example compiles.
WHEN_FORMS: tuple[dict[str, t.Any], ...] = (
    {"form": "field + equals", "meaning": "the member's value (or the operation's documented default when it is absent) "
                                          "equals the value; text equals only text, true/false only booleans",
     "example": {"field": "type", "equals": "limit"}},
    {"form": "field + in", "meaning": "the member's value (or its default) is one of the listed values",
     "example": {"field": "timeInForce", "in": ["IOC", "FOK"]}},
    {"form": "field + present", "meaning": "the member is written and not null (true), or absent or null (false); "
                                           "defaults do not count",
     "example": {"field": "stopPrice", "present": True}},
    {"form": "all", "meaning": "every listed condition holds", "example": {"all": [{"field": "type", "equals": "limit"},
                                                                                {"field": "postOnly", "equals": True}]}},
    {"form": "any", "meaning": "at least one listed condition holds",
     "example": {"any": [{"field": "type", "equals": "market"}, {"field": "timeInForce", "equals": "IOC"}]}},
    {"form": "not", "meaning": "the condition does not hold", "example": {"not": {"field": "hidden", "equals": True}}},
)

GIVEN_FORMS = (
    ("order", "each order object of the operation (the default): the request itself, or each item its `orders:` "
              "pattern in venue.yaml selects (such as /orderList/*)"),
    ("request", "the whole request once (batch limits, list sizes)"),
    ("/pointer/*/pattern", "the values a JSON pointer pattern selects, with * for every item"),
)

CHECKLIST_OPERATION = (
    ("schemas/<venue>/venue.yaml", "the operation under `operations:` with method, path, `schema:`, `orders:` (\"\" for the "
                                   "request, \"/orderList/*\", \"/*\"), `url` (the venue's public page), `deprecated`/`replaced_by`"),
    ("schemas/<venue>/<operation>.json", "JSON Schema 2020-12 of the request as sent (body, query and path parameters under "
                                         "their wire names): types, enums, required, patterns, lengths, simple if/then"),
    ("rules/<venue>.yaml or rules/<venue>/*.yaml", "what a schema cannot say, one rule per venue rule (id, code, severity, "
                                                   "message, help, explanation, reference, url, examples with bad and good)"),
    ("rules/codes.yaml", "only when no existing code has the meaning (one code, one meaning, across venues)"),
    ("tests/test_<venue>.py, tests/cases/<venue>-*/", "the operation both ways, the venue's own example requests, what real "
                                                      "clients (ccxt, the venue's SDK) build"),
    ("examples/valid/<venue>-*.yaml, examples/rejected/<venue>-*.yaml", "documents people can run: valid ones check clean, "
                                                                        "rejected ones show real findings"),
)

CHECKLIST_VENUE = (
    ("schemas/<venue>/venue.yaml", "id, name, url, `symbol_member`, `base_path`, `misplaced_members`, `member_aliases`, "
                                   "`unknown_member_severity`, and every operation (one without `schema:` is reported as known "
                                   "but not yet checked, E005)"),
    ("schemas/<venue>/markets.yaml", "how to read the venue's symbols response into normalized markets (`orderlint markets import`)"),
    ("markets/<venue>.yaml", "a normalized markets snapshot with real symbols and values, each value's source in a comment"),
    ("tests/data/markets/", "a recorded symbols response the import is tested against"),
    ("then, per operation", "everything in the operation checklist above"),
    ("validator/rule_functions/<family>.py", "only for a check no existing function can express: a new module (docstring, options "
                                     "schema and example required); no venue name ever appears in validator/"),
)


def function_docs() -> list[dict[str, t.Any]]:
    """Every registered check function: name, docstring, options schema, example, and the placeholders messages may use."""
    from . import rule_functions

    out = []
    for name, function in sorted(rule_functions.REGISTRY.items()):
        try:
            placeholders = sorted(rule_functions.build(dict(function.example)).placeholders)
        except Exception:  # pragma: no cover - an example that does not build is caught by the tests
            placeholders = []
        module = getattr(function.build, "__module__", "")
        out.append({"name": name, "module": module, "doc": function.doc, "options": rule_functions.options_schema(function),
                    "example": function.example, "placeholders": placeholders})
    return out


def language_docs() -> dict[str, t.Any]:
    return {
        "version": 1,
        "given": [{"form": form, "meaning": meaning} for form, meaning in GIVEN_FORMS],
        "when": [dict(w) for w in WHEN_FORMS],
        "functions": function_docs(),
        "checklists": {"operation": [{"file": f, "what": w} for f, w in CHECKLIST_OPERATION],
                       "venue": [{"file": f, "what": w} for f, w in CHECKLIST_VENUE]},
    }


def _inline(value: t.Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def language_markdown() -> str:
    """The rule-language reference (docs/rule-language.md), generated from the check registry and the `when` forms."""
    docs = language_docs()
    out = [
        "# The orderlint rule language",
        "",
        "<!-- Generated by `orderlint rules --functions --format markdown`; do not edit by hand. "
        "Regenerate: orderlint rules --functions --format markdown > docs/rule-language.md -->",
        "",
        "A venue rule (in `rules/<venue>.yaml` or `rules/<venue>/*.yaml`) names one check function with its options, "
        "the orders it applies to (`given`) and a condition (`when`). Nothing else runs: a rule file is data. "
        "`orderlint rules --format markdown` renders every code and venue rule; this page lists the vocabulary.",
        "",
        "```yaml",
        "venue: examplex",
        "rules:",
        "  - id: price-tick",
        "    code: R101",
        "    operations: [create_order]",
        "    given: order",
        "    when: {field: type, equals: limit}",
        "    check: {function: multiple_of, field: price, step: {market: price_increment}, rounding: nearest}",
        "    message: \"price {value} is not a multiple of {symbol}'s tick {step}; nearest valid: {valid}\"",
        "    help: use {nearest}",
        "    explanation: The venue accepts prices on its tick grid only.",
        "    reference: \"Example API: Create Order (price)\"",
        "    url: https://example.com/docs/create-order",
        "    examples:",
        "      - operation: create_order",
        "        bad: {symbol: BTC-USDT, type: limit, price: \"50000.05\"}",
        "        good: {symbol: BTC-USDT, type: limit, price: \"50000.1\"}",
        "```",
        "",
        "## `given`: what a rule looks at",
        "",
        "| form | meaning |",
        "|---|---|",
    ]
    out += [f"| `{g['form']}` | {g['meaning']} |" for g in docs["given"]]
    out += ["", "## `when`: conditions", "",
            "A rule without `when` always applies. A member's value is what the request says or, when it is absent, the "
            "operation's documented default (from the schema).", "",
            "| form | meaning | example |", "|---|---|---|"]
    out += [f"| `{w['form']}` | {w['meaning']} | `{_inline(w['example'])}` |" for w in docs["when"]]
    out += ["", "## Check functions", "",
            "Each function's options are validated against its schema when rule files load (an unknown option or a wrong "
            "type stops orderlint with the file and line). A message or help text may quote the placeholders listed.", ""]
    out += [f"- [`{f['name']}`](#{f['name'].replace('_', '-')})" for f in docs["functions"]]
    out.append("")
    for function in docs["functions"]:
        out += [f'<a id="{function["name"].replace("_", "-")}"></a>', "", f"### `{function['name']}`", ""]
        out += [" ".join(function["doc"].split()), ""]
        options = function["options"]
        required = set(options.get("required", []))
        out += ["| option | required | schema |", "|---|---|---|"]
        for option, schema in options.get("properties", {}).items():
            description = schema.get("description", "") if isinstance(schema, dict) else ""
            shown = {k: v for k, v in schema.items() if k != "description"} if isinstance(schema, dict) else schema
            out.append(f"| `{option}` | {'yes' if option in required else 'no'} | `{_inline(shown)}`"
                       f"{' ' + description if description else ''} |")
        if "anyOf" in options:
            out += ["", f"Also: `{_inline({'anyOf': options['anyOf']})}`"]
        out += ["", "Example:", "", "```yaml", "check: " + _inline(function["example"]), "```", ""]
        if function["placeholders"]:
            out += ["Message placeholders: " + ", ".join(f"`{{{p}}}`" for p in function["placeholders"]), ""]
    out += ["## Adding an operation", "", "| file | what |", "|---|---|"]
    out += [f"| `{item['file']}` | {item['what']} |" for item in docs["checklists"]["operation"]]
    out += ["", "## Adding a venue", "", "| file | what |", "|---|---|"]
    out += [f"| `{item['file']}` | {item['what']} |" for item in docs["checklists"]["venue"]]
    out += ["", "Then run `python -m pytest` (tests/test_rule_examples.py runs every rule's examples both ways), "
                "`orderlint venues` (the operations marked * are checked) and `orderlint check examples/`.", ""]
    return "\n".join(out)


def language_text() -> str:
    """The rule language for a terminal: one paragraph per function and `when` form."""
    docs = language_docs()
    out = ["Check functions (rules/<venue>.yaml `check: {function: NAME, ...}`):", ""]
    for function in docs["functions"]:
        options = function["options"]
        required = set(options.get("required", []))
        listed = ", ".join(f"{o}{'' if o in required else '?'}" for o in options.get("properties", {}) if o != "function")
        out += [f"  {function['name']}({listed})", textwrap.indent(wrap(function["doc"], 96), "      "),
                f"      example: {_inline(function['example'])}", ""]
    out += ["`when` forms:", ""]
    out += [f"  {w['form']}: {w['meaning']}\n      example: {_inline(w['example'])}" for w in docs["when"]]
    out += ["", "Adding an operation: " + "; ".join(f for f, _ in CHECKLIST_OPERATION),
            "Adding a venue: " + "; ".join(f for f, _ in CHECKLIST_VENUE), "",
            "The full reference: orderlint rules --functions --format markdown (docs/rule-language.md)."]
    return "\n".join(out) + "\n"
