#!/usr/bin/env python3
"""Writes routing/synthetic-labelled.jsonl: a SYNTHETIC labelled set for `srooter router eval`
and the learned router's tests. No request of anyone's is in it: every record is drawn from the
distributions below with a fixed seed, and labelled by a known rule (the ground truth).

Ground truth: the cheap model suffices for a side call, and otherwise unless the request is hard:
  more than 2 tools, reasoning asked, an image, more than 6000 input tokens, a code fence in one
  of HARD_LANGUAGES, or a session whose earlier requests failed more than 30% of the time.
3% of labels are then flipped (noise), so no router can be perfect.

Costs: the default model at 3 / 15 USD per million input / output tokens, the cheap one at 1 / 5.

Usage: python3 scripts/make-synthetic-routing-set.py > routing/synthetic-labelled.jsonl
"""
import json
import random

SEED = 20
COUNT = 2400
LANGUAGES = ["python", "json", "bash", "rust", "haskell", "swift", "yaml", "cpp", "text", "sql"]
HARD_LANGUAGES = {"rust", "haskell", "cpp"}


def draw(rng):
    kind = rng.choices(["side", "chat", "agent"], weights=[12, 43, 45])[0]
    f = {"token_estimate": 0, "max_output_tokens": None, "reasoning_asked": False, "tool_count": 0, "image_count": 0,
         "message_count": 1, "assistant_turns": 0, "last_turn_chars": 0, "code_fence_count": 0, "fence_languages": [],
         "side_call": False, "session_requests": 0, "session_failures": 0}
    if kind == "side":
        f.update(token_estimate=rng.randint(100, 3000), max_output_tokens=rng.choice([1, 256, 512]), side_call=True,
                 last_turn_chars=rng.randint(200, 9000))
    else:
        agent = kind == "agent"
        turns = rng.randint(2, 30) if agent else rng.choice([1, 1, 1, 2, 3, 4, 6, 8])
        f["message_count"] = 2 * turns - 1
        f["assistant_turns"] = turns - 1
        f["token_estimate"] = int(min(80000, rng.lognormvariate(8.6 if agent else 6.8, 0.9)))
        f["max_output_tokens"] = rng.choice([None, 256, 1024, 4096, 32000]) if not agent else rng.choice([None, 32000])
        f["tool_count"] = rng.randint(3, 25) if agent else rng.choice([0, 0, 0, 0, 1, 2, 4])
        f["image_count"] = 1 if rng.random() < (0.1 if agent else 0.06) else 0
        f["reasoning_asked"] = rng.random() < (0.4 if agent else 0.12)
        f["last_turn_chars"] = rng.randint(10, 2500)
        blocks = rng.choice([0, 0, 0, 1, 1, 2, 3])
        f["code_fence_count"] = 2 * blocks
        f["fence_languages"] = sorted({rng.choice(LANGUAGES) for _ in range(blocks)})
    if rng.random() < 0.5:
        f["session_requests"] = rng.randint(1, 12)
        rate = rng.uniform(0, 0.7) if rng.random() < 0.25 else 0
        f["session_failures"] = round(f["session_requests"] * rate)
    return f


def hard(f):
    failure_rate = f["session_failures"] / f["session_requests"] if f["session_requests"] else 0
    return (f["tool_count"] > 2 or f["reasoning_asked"] or f["image_count"] > 0 or f["token_estimate"] > 6000
            or any(language in HARD_LANGUAGES for language in f["fence_languages"]) or failure_rate > 0.3)


def main():
    rng = random.Random(SEED)
    for _ in range(COUNT):
        f = draw(rng)
        cheap = f["side_call"] or not hard(f)
        if rng.random() < 0.03:
            cheap = not cheap
        output = f["max_output_tokens"] or 4096
        output = max(1, int(min(output, 2000) * rng.uniform(0.1, 1)))
        print(json.dumps({
            "synthetic": True, "features": f, "cheap_suffices": cheap,
            "cost_default_usd": round((f["token_estimate"] * 3 + output * 15) / 1e6, 8),
            "cost_cheap_usd": round((f["token_estimate"] * 1 + output * 5) / 1e6, 8),
        }, sort_keys=True))


if __name__ == "__main__":
    main()
