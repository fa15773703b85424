"""Render denial-of-service cases from ``dos_cases.py`` under operating-system limits.

Usage: ``python run_dos.py CPU_SECONDS MEMORY_BYTES CASE_ID...``.  Sets the CPU time and
address-space limits of this process first, then prints one line per case as soon as it is
done: ``<id>\\t<exception class name or OK>\\t<message>``, and finally
``MAXRSS\\t<peak resident memory in kB>\\t''``.  If the sandbox let a case run
away, the kernel stops this process (or allocation fails with MemoryError) and the parent
sees which case never reported.
"""

from __future__ import annotations

import resource
import sys
from pathlib import Path


def main() -> None:
    cpu_seconds, memory_bytes, *ids = sys.argv[1:]
    resource.setrlimit(resource.RLIMIT_CPU, (int(cpu_seconds), int(cpu_seconds)))
    resource.setrlimit(resource.RLIMIT_AS, (int(memory_bytes), int(memory_bytes)))

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from dos_cases import CASES, CONTEXTS, TEMPLATES

    from tmpl import DictLoader
    from tmpl.sandbox import ImmutableSandboxedEnvironment, SandboxedEnvironment

    loader = DictLoader(TEMPLATES)
    envs = {
        False: SandboxedEnvironment(loader=loader),
        True: ImmutableSandboxedEnvironment(loader=loader),
    }
    by_id = {case.id: case for case in CASES}
    for case_id in ids:
        case = by_id[case_id]
        env = envs[case.immutable]
        try:
            with env.limits_override(**{"timeout": None, **case.limits}):
                env.from_string(case.source).render(CONTEXTS[case.context]())
        except Exception as error:  # the outcome under test, whatever it is
            outcome, message = type(error).__name__, str(error)
        else:
            outcome, message = "OK", ""
        print(f"{case_id}\t{outcome}\t{message[:300]!r}", flush=True)
    # Peak resident memory of this process over all its cases, in kB (Linux's unit).
    print(f"MAXRSS\t{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}\t''", flush=True)


if __name__ == "__main__":
    main()
