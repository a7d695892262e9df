from upward.mentoring.tests.conftest import leader, pair, program

__all__ = ["leader", "pair", "program"]
