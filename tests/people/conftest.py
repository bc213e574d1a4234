import pytest

from tests.people.kit import PeopleKit


@pytest.fixture
def people(org) -> PeopleKit:
    return PeopleKit(org)
