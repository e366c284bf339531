"""Compares two report JSON files (report JSON v1) and prints every path
where they differ; exit 0 when they are the same. --encoding-note drops from
the second the one READ note that says which text encoding was assumed.

    python3 json_same.py CLEAN.json OTHER.json [--encoding-note]
"""
import json
import sys


def walk(a, b, path, out):
    if isinstance(a, dict) and isinstance(b, dict):
        for k in sorted(set(a) | set(b)):
            walk(a.get(k, "<absent>"), b.get(k, "<absent>"), f"{path}.{k}", out)
    elif isinstance(a, list) and isinstance(b, list) and len(a) == len(b):
        for i, (x, y) in enumerate(zip(a, b)):
            walk(x, y, f"{path}[{i}]", out)
    elif a != b:
        out.append(f"{path}: {json.dumps(a, ensure_ascii=False)[:200]} != {json.dumps(b, ensure_ascii=False)[:200]}")


def main():
    a = json.load(open(sys.argv[1], encoding="utf-8"))
    b = json.load(open(sys.argv[2], encoding="utf-8"))
    if "--encoding-note" in sys.argv[3:]:
        n = len(b["problems"])
        b["problems"] = [p for p in b["problems"]
                         if not (p["rule"] == "READ" and p["message"].startswith("文件编码不是 UTF-8"))]
        if len(b["problems"]) != n - 1:
            print("no READ note naming the encoding")
            sys.exit(1)
    out = []
    walk(a, b, "", out)
    print("\n".join(out))
    sys.exit(1 if out else 0)


if __name__ == "__main__":
    main()
