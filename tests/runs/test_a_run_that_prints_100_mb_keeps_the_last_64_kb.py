"""Output is kept to its last 64 KB; the process that printed 100 MB is unharmed."""
import pytest

from tests.runs.kit import crew

FLOOD = ("import sys; chunk = b'x' * 65535 + b'\\n'\n"
         "for _ in range(1600): sys.stdout.buffer.write(chunk)\n"
         "print('the end', flush=True)")


@pytest.mark.slow  # 100 MB through a pipe: a few seconds
def test_100_mb_of_output_is_kept_to_the_last_64_kb(org):
    c = crew(org)
    c.script(FLOOD)
    c.wake()
    c.step()
    [run] = c.finished(60)
    assert (run.state, run.exit_code) == ("succeeded", 0)
    assert run.output_bytes == 1600 * 65536 + len("the end\n")
    assert len(run.output.encode()) <= 64 * 1024 and run.output.endswith("the end\n")


def test_secrets_a_run_prints_are_redacted(org):
    c = crew(org)
    c.script("print('key AKIAIOSFODNN7EXAMPLE and card 4111 1111 1111 1111')")
    c.wake()
    c.step()
    [run] = c.finished()
    assert "AKIAIOSFODNN7EXAMPLE" not in run.output and "4111 1111 1111 1111" not in run.output, run.output
