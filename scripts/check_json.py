"""Checks yoloset's --json documents against their JSON Schemas in docs/json (run through scripts/check-json).

Each argument pair is a schema name (the file docs/json/NAME.schema.json: a command, e.g. `split`,
`versions-rm`, `validate`) and a file holding that command's stdout. The schemas are draft 2020-12 and
refer to one another (`common.schema.json`, `run` to `import`, `split` and `snapshot`), so every schema of
the folder is loaded into one registry. Every problem is printed on stderr as FILE: PATH: MESSAGE.
"""

import argparse
import glob
import json
import os
import sys

from jsonschema import Draft202012Validator
from referencing import Registry, Resource


def registry(folder):
    resources = []
    for path in sorted(glob.glob(os.path.join(folder, "*.schema.json"))):
        with open(path, encoding="utf-8") as handle:
            schema = json.load(handle)
        Draft202012Validator.check_schema(schema)
        resources.append((schema["$id"], Resource.from_contents(schema)))
    return Registry().with_resources(resources)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schemas", required=True, help="the folder of *.schema.json files")
    parser.add_argument("pairs", nargs="+", help="NAME FILE, repeated")
    arguments = parser.parse_args()
    if len(arguments.pairs) % 2:
        parser.error("arguments come in pairs: NAME FILE")
    known = registry(arguments.schemas)
    failed = False
    for name, path in zip(arguments.pairs[0::2], arguments.pairs[1::2]):
        schema_file = os.path.join(arguments.schemas, f"{name}.schema.json")
        if not os.path.exists(schema_file):
            print(f"{path}: no schema {schema_file} for `{name}`", file=sys.stderr)
            failed = True
            continue
        with open(schema_file, encoding="utf-8") as handle:
            schema = json.load(handle)
        try:
            with open(path, encoding="utf-8") as handle:
                document = json.load(handle)
        except (OSError, ValueError) as error:
            print(f"{path}: not a JSON document: {error}", file=sys.stderr)
            failed = True
            continue
        validator = Draft202012Validator(schema, registry=known)
        errors = sorted(validator.iter_errors(document), key=lambda e: list(map(str, e.absolute_path)))
        for error in errors:
            where = "/".join(str(p) for p in error.absolute_path) or "(root)"
            print(f"{path}: {where}: {error.message}", file=sys.stderr)
        failed = failed or bool(errors)
        print(f"{path}: {'fails' if errors else 'passes'} {name}.schema.json")
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
