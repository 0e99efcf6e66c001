"""Checks yoloset's report files against what their readers require (run through scripts/check-reports).

- SARIF: the official SARIF 2.1.0 JSON schema (draft-04), then what GitHub's "SARIF support for code
  scanning" page marks required and its upload limits: tool.driver.name; for each rule id,
  shortDescription.text, fullDescription.text and help.text (and at most 20 tags); for each result
  ruleId, message.text, partialFingerprints, and 1-10 locations, each with
  physicalLocation.artifactLocation.uri and region.startLine; at most 25,000 results and 20 runs;
  a relative uri must name a uriBaseId declared in originalUriBaseIds.
- JUnit: junit-10.xsd (the Jenkins xUnit plugin's), validated by xmllint.
- GitLab Code Quality: a JSON array of issues, each with description, check_name, fingerprint,
  severity (info|minor|major|critical|blocker), location.path (relative) and location.lines.begin.
"""

import argparse
import json
import os
import subprocess
import sys

import jsonschema

GITLAB_SEVERITIES = {"info", "minor", "major", "critical", "blocker"}


def sarif_problems(document, schema):
    validator = jsonschema.Draft4Validator(schema)
    problems = [
        f"schema: {'/'.join(str(p) for p in error.absolute_path) or '(root)'}: {error.message}"
        for error in sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
    ]
    runs = document.get("runs", [])
    if len(runs) > 20:
        problems.append(f"github: {len(runs)} runs (at most 20)")
    for r, run in enumerate(runs):
        where = f"runs[{r}]"
        driver = run.get("tool", {}).get("driver", {})
        if not driver.get("name"):
            problems.append(f"github: {where}.tool.driver.name missing")
        rules = driver.get("rules", [])
        for i, rule in enumerate(rules):
            for key in ("shortDescription", "fullDescription", "help"):
                if not (rule.get(key) or {}).get("text"):
                    problems.append(f"github: {where} rule {rule.get('id', i)}: {key}.text missing")
            if not rule.get("id"):
                problems.append(f"github: {where}.tool.driver.rules[{i}].id missing")
            if len((rule.get("properties") or {}).get("tags", [])) > 20:
                problems.append(f"github: {where} rule {rule.get('id')}: more than 20 tags")
        bases = set((run.get("originalUriBaseIds") or {}).keys())
        results = run.get("results", [])
        if len(results) > 25000:
            problems.append(f"github: {where}: {len(results)} results (at most 25,000)")
        ids = {rule.get("id") for rule in rules}
        for n, result in enumerate(results):
            at = f"{where}.results[{n}]"
            if not result.get("ruleId"):
                problems.append(f"github: {at}.ruleId missing")
            elif result["ruleId"] not in ids:
                problems.append(f"github: {at}.ruleId {result['ruleId']} is not a rule of the driver")
            if not (result.get("message") or {}).get("text"):
                problems.append(f"github: {at}.message.text missing")
            if not result.get("partialFingerprints"):
                problems.append(f"github: {at}.partialFingerprints missing")
            locations = result.get("locations") or []
            if not 1 <= len(locations) <= 10:
                problems.append(f"github: {at}: {len(locations)} locations (1 to 10)")
            for k, location in enumerate(locations):
                physical = location.get("physicalLocation") or {}
                artifact = physical.get("artifactLocation") or {}
                uri = artifact.get("uri")
                if not uri:
                    problems.append(f"github: {at}.locations[{k}]: physicalLocation.artifactLocation.uri missing")
                elif "://" not in uri and not uri.startswith("/"):
                    base = artifact.get("uriBaseId")
                    if base is not None and base not in bases:
                        problems.append(f"github: {at}.locations[{k}]: uriBaseId {base} not in originalUriBaseIds")
                if not isinstance((physical.get("region") or {}).get("startLine"), int):
                    problems.append(f"github: {at}.locations[{k}]: region.startLine missing")
    return problems


def gitlab_problems(document):
    if not isinstance(document, list):
        return ["gitlab: the report is not a JSON array"]
    problems = []
    fingerprints = set()
    for n, issue in enumerate(document):
        at = f"[{n}]"
        for key in ("description", "check_name", "fingerprint", "severity"):
            if not isinstance(issue.get(key), str) or not issue.get(key):
                problems.append(f"gitlab: {at}.{key} missing")
        if issue.get("severity") not in GITLAB_SEVERITIES:
            problems.append(f"gitlab: {at}.severity {issue.get('severity')!r} is not one of {sorted(GITLAB_SEVERITIES)}")
        if issue.get("fingerprint") in fingerprints:
            problems.append(f"gitlab: {at}.fingerprint repeats an earlier issue's")
        fingerprints.add(issue.get("fingerprint"))
        location = issue.get("location") or {}
        path = location.get("path")
        if not isinstance(path, str) or not path or path.startswith("/"):
            problems.append(f"gitlab: {at}.location.path missing or absolute ({path!r})")
        begin = (location.get("lines") or {}).get("begin")
        if not isinstance(begin, int) or begin < 1:
            problems.append(f"gitlab: {at}.location.lines.begin missing or below 1")
    return problems


def junit_problems(path, xsd):
    run = subprocess.run(
        ["xmllint", "--noout", "--schema", xsd, path], capture_output=True, text=True, check=False
    )
    if run.returncode == 0:
        return []
    lines = [line for line in run.stderr.splitlines() if line and not line.endswith("validates")]
    return [f"junit-10.xsd: {line}" for line in lines] or [f"junit-10.xsd: xmllint exited {run.returncode}"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--schemas", required=True)
    parser.add_argument("files", nargs="+")
    args = parser.parse_args()
    with open(os.path.join(args.schemas, "sarif-schema-2.1.0.json"), encoding="utf-8") as handle:
        sarif_schema = json.load(handle)
    xsd = os.path.join(args.schemas, "junit-10.xsd")
    failed = 0
    for path in args.files:
        if path.endswith(".xml"):
            kind, problems = "junit", junit_problems(path, xsd)
        else:
            try:
                with open(path, encoding="utf-8") as handle:
                    document = json.load(handle)
            except (OSError, ValueError) as error:
                kind, problems = "json", [f"cannot read: {error}"]
            else:
                if isinstance(document, dict) and "runs" in document:
                    kind, problems = "sarif", sarif_problems(document, sarif_schema)
                else:
                    kind, problems = "gitlab", gitlab_problems(document)
        if problems:
            failed += 1
            for problem in problems[:50]:
                print(f"{path}: {problem}", file=sys.stderr)
            if len(problems) > 50:
                print(f"{path}: ... {len(problems) - 50} more", file=sys.stderr)
        else:
            print(f"{path}: {kind} ok")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
