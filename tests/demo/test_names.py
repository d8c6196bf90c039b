import random
import re

from hypothesis import given
from hypothesis import strategies as st

from demo.names import HOME_AREA_CODE, People, id_number, mobile, person_name
from petitions.identity import validate_id_number


@given(st.integers(min_value=0, max_value=2**32), st.booleans())
def test_drawn_id_numbers_are_valid_and_carry_the_sex(seed, female):
    number = id_number(random.Random(seed), female=female)

    assert validate_id_number(number) == number
    assert int(number[16]) % 2 == (0 if female else 1)


def test_id_numbers_can_use_the_home_area_code():
    assert id_number(random.Random(1), female=False, area_code=HOME_AREA_CODE).startswith("610626")


@given(st.integers(min_value=0, max_value=2**32))
def test_names_are_two_or_three_chinese_characters_and_mobiles_eleven_digits(seed):
    rng = random.Random(seed)

    assert re.fullmatch(r"[\u4e00-\u9fff]{2,3}", person_name(rng))
    assert re.fullmatch(r"1[3-9]\d{9}", mobile(rng))


def test_people_never_hand_out_an_id_number_twice_nor_one_already_taken():
    taken = {id_number(random.Random(5), female=False)}
    people = People(random.Random(5), set(taken))

    numbers = [people.new()[1] for _ in range(3000)]

    assert len(set(numbers)) == len(numbers)
    assert not taken & set(numbers)


def test_the_same_seed_draws_the_same_people():
    first, second = People(random.Random(9)), People(random.Random(9))

    assert [first.new() for _ in range(5)] == [second.new() for _ in range(5)]
