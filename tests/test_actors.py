"""Actors: name comparison rules (no model), per-article mention rules (model), and the seeds."""
from __future__ import annotations

import pytest

from core.actors import _clean_entity, _only_container, find_actors, fold, merge_actors, same_org, same_person


@pytest.mark.parametrize("a, b", [
    ("Georgy Zinoviev", "Georgiy Zinoviev"),
    ("Kim Hong-kyun", "Kim Hong Kyun"),
    ("Volodymyr Zelensky", "Volodymyr Zelenskyy"),
    ("Volodymyr Zelenskyy", "Volodymyr Zelenskiy"),
    ("Kim Jong Un", "Kim Jong-un"),
    ("Andrzej Duda", "Andrzej Sebastian Duda"),
    ("José Martínez", "Jose Martinez"),
])
def test_spelling_variants_are_one_person(a, b):
    assert same_person(a, b)


@pytest.mark.parametrize("a, b", [
    ("Kim Hong-kyun", "Kim Jong Un"),      # two Kims
    ("Kim Jong Un", "Kim Yo Jong"),
    ("Mark Rutte", "Mark Carney"),
    ("Putin", "Vladimir Putin"),          # a bare surname is joined inside its article, not by spelling
])
def test_different_people_are_not_merged(a, b):
    assert not same_person(a, b)


def test_org_acronym_and_near_spelling():
    assert same_org("National Intelligence Service", "NIS")
    assert same_org("North Atlantic Treaty Organisation", "North Atlantic Treaty Organization")
    assert not same_org("European Union", "African Union")


def test_a_shorter_org_name_joins_the_only_longer_name_that_ends_with_it():
    groups = [["UN Security Council"], ["NATO"]]
    assert _only_container("Security Council", groups) is groups[0]
    groups.append(["National Security Council"])
    assert _only_container("Security Council", groups) is None  # ambiguous: joins neither


def test_fold_ignores_case_accents_hyphens_possessives():
    assert fold("Kim Hong-kyun's") == "kim hong kyun"
    assert fold("Zelens’kyi") == fold("Zelens'kyi")


def _people(parse, text):
    found = find_actors(parse(text, published="2024-10-21"))
    return [(m.text, m.key, m.type, m.how) for m in found.mentions]


def test_bare_surname_goes_to_the_most_recent_full_name(parse):
    rows = _people(parse, "Kim Jong Un met Vladimir Putin in June. Foreign minister Kim Sung-ho said on Monday that "
                          "the deal was illegal. Kim added that Seoul would respond.")
    kims = [r for r in rows if r[0] == "Kim"]
    assert kims and all(r[1] == "Kim Sung-ho" for r in kims)


def test_bare_surname_before_any_full_name_takes_the_first_full_name_after(parse):
    rows = _people(parse, "Merkel arrived late. Chancellor Angela Merkel then spoke to reporters.")
    assert ("Merkel", "Angela Merkel", "PERSON", "surname") in rows


def test_alias_list_joins_descriptions_no_metric_could(parse):
    rows = _people(parse, "South Korea's spy agency said the troops had arrived. Seoul's spy agency gave no source.")
    assert [r[1] for r in rows if r[3] == "alias"] == ["National Intelligence Service"] * 2


def test_definite_description_points_back_to_the_last_org_with_that_head(parse):
    rows = _people(parse, "The World Health Organization issued a warning. Later, the organization said cases were rising.")
    desc = [r for r in rows if r[3] == "description"]
    assert desc and desc[0][1] == "World Health Organization"


def test_roles_are_read_from_titles_and_appositions(parse):
    found = find_actors(parse("Kremlin spokesperson Dmitry Peskov spoke first. Ihor Solovey, the head of the centre, "
                              "told reporters the video was real."))
    roles = {m.key: m.role for m in found.mentions if m.type == "PERSON"}
    assert roles["Dmitry Peskov"] == "Kremlin spokesperson"
    assert roles["Ihor Solovey"] == "head of the centre"


def test_pronoun_resolves_to_the_last_person_named(parse):
    parsed = parse("Reporters met Emmanuel Macron in Paris. He said the talks went well.")
    found = find_actors(parsed)
    he = next(t for t in parsed.doc if t.text == "He")
    assert found.resolve(he) == "Emmanuel Macron"


def test_merge_joins_variants_and_majority_type_wins():
    rows = [
        {"article_id": "a", "sentence_id": 0, "start_char": 0, "end_char": 5, "text": "Georgy Zinoviev",
         "key": "Georgy Zinoviev", "type": "PERSON", "role": "", "how": "ner"},
        {"article_id": "b", "sentence_id": 0, "start_char": 0, "end_char": 5, "text": "Georgiy Zinoviev",
         "key": "Georgiy Zinoviev", "type": "PERSON", "role": "ambassador", "how": "ner"},
        {"article_id": "b", "sentence_id": 1, "start_char": 9, "end_char": 14, "text": "Georgiy Zinoviev",
         "key": "Georgiy Zinoviev", "type": "PERSON", "role": "", "how": "ner"},
        {"article_id": "a", "sentence_id": 1, "start_char": 9, "end_char": 20, "text": "Vladivostok",
         "key": "Vladivostok", "type": "PERSON", "role": "", "how": "ner"},
        {"article_id": "b", "sentence_id": 2, "start_char": 30, "end_char": 41, "text": "Vladivostok",
         "key": "Vladivostok", "type": "GPE", "role": "", "how": "ner"},
        {"article_id": "c", "sentence_id": 2, "start_char": 30, "end_char": 41, "text": "Vladivostok",
         "key": "Vladivostok", "type": "GPE", "role": "", "how": "ner"},
    ]
    actors, mentions, by_key = merge_actors(rows)
    names = {(a["name"], a["type"]) for a in actors}
    assert names == {("Georgiy Zinoviev", "PERSON"), ("Vladivostok", "GPE")}
    zin = next(a for a in actors if a["type"] == "PERSON")
    assert zin["variants"] == "Georgiy Zinoviev|Georgy Zinoviev" and zin["role"] == "ambassador"
    assert by_key[("a", "Georgy Zinoviev")] == by_key[("b", "Georgiy Zinoviev")]


SEED_PEOPLE = {
    "000": {"Kim Hong-kyun", "Georgiy Zinoviev", "Kim Jong Un", "Vladimir Putin", "Volodymyr Zelenskyy", "Andrzej Duda"},
    "001": {"Kim Hong-kyun", "Georgiy Zinoviev", "Kim Jong Un", "Vladimir Putin"},
    "002": {"Kim Hong-kyun", "Georgiy Zinoviev", "Kim Jong Un", "Vladimir Putin", "Dmitry Peskov", "Yoon Suk Yeol",
            "Mark Rutte", "David Lammy", "Lin Jian", "Valeriy Ryabykh"},
    "003": {"Kim Hong-kyun", "Georgiy Zinoviev", "Kim Jong Un", "Vladimir Putin", "Dmitry Peskov", "Yoon Suk Yeol"},
    "004": {"Kim Hong-kyun", "Georgiy Zinoviev", "Kim Jong Un", "Vladimir Putin", "Dmitry Peskov", "Ihor Solovey",
            "Volodymyr Zelenskyy", "Justin McCurry"},
}


def test_seed_people_per_article(seed_tables, seed_file_of):
    m = seed_tables["mentions"]
    people = m[m["type"] == "PERSON"]
    got = {seed_file_of[a][:3]: set(g["name"]) for a, g in people.groupby("article_id")}
    assert got == SEED_PEOPLE


def test_seed_kims_go_to_the_right_kim(seed_tables, seed_file_of):
    m = seed_tables["mentions"]
    s = seed_tables["sentences"]
    kims = m[m["text"] == "Kim"].merge(s, on=["article_id", "sentence_id"], suffixes=("", "_s"))
    who = {(seed_file_of[r.article_id][:3], r.text_s[:25]): r.name for r in kims.itertuples()}
    assert who[("004", "Putin and Kim have not di")] == "Kim Jong Un"
    assert who[("002", "Minister Kim cautioned th")] == "Kim Hong-kyun"
    assert who[("000", "Kim described the deploym")] == "Kim Hong-kyun"


def test_seed_nis_spellings_are_one_actor(seed_tables):
    m = seed_tables["mentions"]
    nis = m[m["name"] == "National Intelligence Service"]
    assert {"NIS", "the spy agency", "South Korea’s national intelligence service", "South Korean intelligence"} <= set(nis["text"])
    assert nis["actor_id"].nunique() == 1


def _keys(parse, text):
    return {(m.text, m.key, m.type, m.how) for m in find_actors(parse(text, published="2025-05-10")).mentions}


def test_acronym_defined_in_the_text_joins_the_full_name(parse):
    rows = _keys(parse, "The Confederación Sindical de Trabajadores (CST) called a strike. Later the CST said "
                        "turnout was high.")
    assert ("CST", "Confederación Sindical de Trabajadores", "ORG", "acronym") in rows


def test_acronym_whose_initials_do_not_spell_it_takes_the_capitalised_name_before(parse):
    rows = _keys(parse, "Turkey's Disaster and Emergency Management Authority (AFAD) said 1,200 people died.")
    assert ("AFAD", "Disaster and Emergency Management Authority", "ORG", "acronym") in rows


def test_known_as_names_the_same_actor(parse):
    rows = _keys(parse, "The Turkish Red Crescent, known locally as Kizilay, set up 2,000 tents.")
    assert any(t == "Kizilay" and k == "Turkish Red Crescent" for t, k, _ty, _h in rows)


def test_a_name_followed_by_an_age_is_a_person(parse):
    rows = _keys(parse, "In the village, Hatice Yılmaz, 58, sat wrapped in a blanket.")
    assert ("Hatice Yılmaz", "Hatice Yılmaz", "PERSON", "ner") in rows


def test_a_first_name_the_model_left_out_is_kept(parse):
    from core.actors import _extend_name

    parsed = parse("Carmen García, a nurse, said the rent was too high.")
    doc = parsed.doc
    grown = _extend_name(doc[1:2], [False] * len(doc))
    assert grown.text == "Carmen García"


def test_lone_words_in_place_positions_are_not_people(parse):
    from core.actors import _is_place

    doc = parse("The march set off from Atocha station. The quake struck near the town of Puturge.").doc
    atocha = next(t for t in doc if t.text == "Atocha")
    puturge = next(t for t in doc if t.text == "Puturge")
    assert _is_place(doc[atocha.i:atocha.i + 1], doc)
    assert _is_place(doc[puturge.i:puturge.i + 1], doc)
    peskov = parse("The claim was denied, according to Peskov.").doc
    tok = next(t for t in peskov if t.text == "Peskov")
    assert not _is_place(peskov[tok.i:tok.i + 1], peskov)


def test_bare_police_points_to_the_police_force_named_in_the_article(parse):
    rows = _keys(parse, "The National Police deployed 1,500 officers. Police said 37 people were arrested.")
    assert ("Police", "National Police", "ORG", "description") in rows


def test_a_description_must_fit_its_antecedent(parse):
    found = find_actors(parse("Russian President Vladimir Putin met reporters. The Ukrainian president, Volodymyr "
                              "Zelenskyy, said the threat would grow."))
    assert not [m for m in found.mentions if m.how == "description"]


def test_unnamed_ministry_becomes_an_organisation(parse):
    rows = _keys(parse, "Some 1,500 officers had been deployed, the interior ministry said.")
    assert ("interior ministry", "Interior Ministry", "ORG", "description") in rows


def test_second_surname_and_prefix_names_are_one_person():
    assert same_person("Ignacio Márquez", "Ignacio Márquez Ibáñez")
    assert not same_person("Ignacio Márquez", "Ignacio Ortiz Márquez Ibáñez")


def test_a_truncated_org_name_tagged_as_person_joins_the_org():
    rows = [
        {"article_id": "a", "sentence_id": 0, "start_char": 0, "end_char": 5, "text": "Vivienda Digna",
         "key": "Vivienda Digna", "type": "PERSON", "role": "", "how": "ner"},
        {"article_id": "b", "sentence_id": 0, "start_char": 0, "end_char": 5, "text": "Plataforma por la Vivienda Digna",
         "key": "Plataforma por la Vivienda Digna", "type": "ORG", "role": "", "how": "acronym"},
        {"article_id": "b", "sentence_id": 0, "start_char": 7, "end_char": 10, "text": "PVD",
         "key": "Plataforma por la Vivienda Digna", "type": "ORG", "role": "", "how": "acronym"},
        {"article_id": "c", "sentence_id": 0, "start_char": 7, "end_char": 10, "text": "PVD",
         "key": "PVD", "type": "ORG", "role": "", "how": "ner"},
    ]
    actors, mentions, _by_key = merge_actors(rows)
    assert [(a["name"], a["type"]) for a in actors] == [("Plataforma por la Vivienda Digna", "ORG")]


def test_pronoun_prefers_the_subject_over_a_later_object(parse):
    parsed = parse("Angela Merkel met Emmanuel Macron in Berlin. He said the talks went well.")
    found = find_actors(parsed)
    he = next(t for t in parsed.doc if t.text == "He")
    assert found.resolve(he) == "Angela Merkel"   # the subject, not the object named after it


def test_authority_description_points_back_to_the_named_authority(parse):
    rows = _keys(parse, "The Disaster and Emergency Management Authority opened shelters. The authority said "
                        "25,000 people were in tents.")
    assert ("The authority", "Disaster and Emergency Management Authority", "ORG", "description") in rows


def test_ranks_and_numbered_things_are_not_people(parse):
    rows = _keys(parse, "RCMP Staff Sgt. Colin Wray said the fire jumped Highway 5A, which remains closed between "
                        "Ashby Creek and Merritt.")
    people = {k for _t, k, ty, _h in rows if ty == "PERSON"}
    assert people == {"Colin Wray"}


def test_a_surname_with_an_inner_capital_joins_its_full_name(parse):
    rows = _keys(parse, "Mayor Darlene MacKinnon spoke. The town is safe, according to MacKinnon.")
    assert ("MacKinnon", "Darlene MacKinnon", "PERSON", "surname") in rows


def test_a_leading_acronym_joins_the_name_it_abbreviates():
    from core.actors import _cluster_names

    names = ["British Columbia Wildfire Service", "United States Navy", "BC Wildfire Service", "US Navy",
             "BC Hydro", "UK Navy", "NB Wildfire Service"]
    assert _cluster_names("ORG", names, set()) == [
        ["British Columbia Wildfire Service", "BC Wildfire Service"], ["United States Navy", "US Navy"],
        ["BC Hydro"], ["UK Navy"], ["NB Wildfire Service"]]


def test_leading_acronym_rules():
    from core.actors import acronym_expands, leading_acronym

    assert leading_acronym("BC Wildfire Service") == ("bc", ("wildfire", "service"))
    assert leading_acronym("U.N. Security Council") == ("un", ("security", "council"))
    assert leading_acronym("Wildfire Service") is None and leading_acronym("NATO") is None
    assert leading_acronym("Bc Hydro") is None  # not written in capitals
    assert acronym_expands("bc", ("wildfire", "service"), "British Columbia Wildfire Service")
    assert not acronym_expands("bc", ("wildfire", "service"), "Wildfire Service")
    assert not acronym_expands("bc", ("wildfire", "service"), "Big County Fire Service")
    assert not acronym_expands("bc", ("wildfire", "service"), "Greater British Columbia Wildfire Service")


def test_an_entity_stops_at_whitespace_and_line_breaks():
    from spacy.tokens import Doc
    from spacy.vocab import Vocab

    words = ["war", "against", "Ukraine", "\n\n     \n", "New", "York", "\n\n", "Officials", "said"]
    doc = Doc(Vocab(), words=words, spaces=[True, True, False, False, True, False, False, True, False])
    assert _clean_entity(doc[2:4]).text == "Ukraine"  # run on into the blank lines after it
    assert _clean_entity(doc[3:6]).text == "New York"  # a blank line before it
    assert _clean_entity(doc[4:8]).text == "New York"  # not past a line break
    assert _clean_entity(doc[3:4]) is None


def test_a_name_before_a_blanked_byline_is_written_without_the_blank(parse):
    # a byline and dateline blanked out of the body leave lines of spaces, which the model runs entities into
    rows = _people(parse, "Seoul condemned the soldiers helping Russia in its war against Ukraine\n\n" + " " * 14
                   + "\n\n" + " " * 15 + "\nOfficials said on Monday that 8,000 troops had left.")
    assert rows and all(text.strip() == text and key.strip() == key for text, key, _, _ in rows), rows
    assert "Ukraine" in [text for text, *_ in rows]


def test_a_surname_of_several_words_is_the_full_name_it_ends(parse):
    rows = _people(parse, "Mayor Ana de la Cruz opened the bridge. De la Cruz said the repairs were done.")
    assert ("De la Cruz", "Ana de la Cruz", "PERSON", "surname") in rows
    rows = _people(parse, "Van der Berg spoke first. Later, Minister Pieter van der Berg took questions.")
    assert [r[1] for r in rows if "Berg" in r[0]] == ["Pieter van der Berg"] * 2  # written before the full name
    rows = _people(parse, "Maria Santos arrived. Ana Maria Santos left.")  # no particle: two names, two people
    assert {r[1] for r in rows} == {"Maria Santos", "Ana Maria Santos"}


def test_a_surname_spaced_differently_is_the_same_person_across_articles():
    rows = [{"article_id": a, "sentence_id": 0, "start_char": 0, "end_char": len(t), "text": t, "key": t,
             "type": "PERSON", "role": "", "how": "ner"} for a, t in [("a", "Ana Dela Cruz"), ("b", "Ana de la Cruz")]]
    actors, _mentions, _by_key = merge_actors(rows)
    assert len(actors) == 1


def test_a_company_named_without_its_company_words_is_the_company():
    def row(article, text, type_):
        return {"article_id": article, "sentence_id": 0, "start_char": 0, "end_char": len(text), "text": text,
                "key": text, "type": type_, "role": "", "how": "ner"}

    actors, _mentions, _by_key = merge_actors([
        row("a", "Harbour Star Shipping Lines", "ORG"), row("a", "Harbour Star", "PERSON"),  # the model's guess
        row("b", "Harbour Star Shipping", "ORG"), row("c", "Harbour Star", "ORG")])
    assert [(a["name"], a["type"]) for a in actors] == [("Harbour Star Shipping Lines", "ORG")]
    # words that are not company words keep organisations apart: a union is not its naval force
    actors, _mentions, _by_key = merge_actors([row("a", "European Union Naval Force", "ORG"),
                                               row("b", "European Union", "ORG")])
    assert len(actors) == 2


def _hand_parsed(vocab, place_tagged: bool, before_title: bool):
    """A parse written by hand (no model): "The ship sank off <Masbate|Samar>. Masbate <Governor|Mayor-elect>
    Ana Reyes spoke. The owner, Masbate Lopez, left." The place named first is tagged GPE; the "Masbate" before
    the title is an untagged proper noun, the first word of the person "Masbate Lopez"."""
    from spacy.tokens import Doc, Span

    from core.ingest import Article
    from core.parse import ParsedArticle

    title = "Governor" if before_title else "Mayor-elect"
    words = ["The", "ship", "sank", "off", "Masbate" if place_tagged else "Samar", ".", "Masbate", title, "Ana", "Reyes", "spoke", ".",
             "The", "owner", ",", "Masbate", "Lopez", ",", "left", "."]
    pos = ["DET", "NOUN", "VERB", "ADP", "PROPN", "PUNCT", "PROPN", "PROPN", "PROPN", "PROPN", "VERB", "PUNCT",
           "DET", "NOUN", "PUNCT", "PROPN", "PROPN", "PUNCT", "VERB", "PUNCT"]
    heads = [1, 2, 2, 2, 3, 2, 9, 9, 9, 10, 10, 10, 13, 18, 13, 16, 13, 13, 18, 18]
    deps = ["det", "nsubj", "ROOT", "prep", "pobj", "punct", "compound", "compound", "compound", "nsubj", "ROOT",
            "punct", "det", "nsubj", "punct", "compound", "appos", "punct", "ROOT", "punct"]
    spaces = [nxt not in {".", ","} for nxt in words[1:] + [""]]
    doc = Doc(vocab, words=words, spaces=spaces, pos=pos, heads=heads, deps=deps,
              sent_starts=[1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0])
    doc.ents = [Span(doc, 4, 5, "GPE"), Span(doc, 8, 10, "PERSON"), Span(doc, 15, 17, "PERSON")]
    article = Article(article_id="t", file="t.txt", text=doc.text)
    return ParsedArticle(article, doc, list(doc.sents))


@pytest.mark.parametrize("place_tagged, before_title", [(True, False), (False, True)])
def test_a_word_named_as_a_place_or_before_a_title_is_no_surname(nlp, place_tagged, before_title):
    found = find_actors(_hand_parsed(nlp.vocab, place_tagged, before_title))
    assert [m.text for m in found.mentions if m.key == "Masbate Lopez"] == ["Masbate Lopez"]


def test_without_either_sign_the_word_is_read_as_that_surname(nlp):  # what the two rules above stop
    found = find_actors(_hand_parsed(nlp.vocab, False, False))
    assert sorted(m.text for m in found.mentions if m.key == "Masbate Lopez") == ["Masbate", "Masbate Lopez"]


@pytest.mark.parametrize("written, name", [("Mayor Ana Cruz", "Ana Cruz"), ("Deckhand Tomas Rivera", "Tomas Rivera"),
                                           ("Businessman Leo Santos", "Leo Santos")])
def test_a_title_or_an_occupation_before_a_name_is_not_part_of_it(written, name):
    from core.actors import NAME_PREFIXES

    assert NAME_PREFIXES.sub("", written) == name
    assert NAME_PREFIXES.sub("", "Kingsley Ade") == "Kingsley Ade"  # a name starting like a title stays whole


def test_a_name_described_as_a_person_is_a_person_whatever_the_tag(parse):
    rows = _people(parse, "Among those waiting is Crisanto Villareal, a fisherman from Banton whose wife is missing.")
    assert ("Crisanto Villareal", "Crisanto Villareal", "PERSON", "ner") in rows  # the model says ORG
    rows = _people(parse, "Amnesty International, a rights organisation, said 12 people died. Supporters of "
                          "Harbour Star Lines, the ferry operator, protested.")
    assert {(r[0], r[2]) for r in rows} == {("Amnesty International", "ORG"), ("Harbour Star Lines", "ORG")}


def test_a_service_without_its_name_is_the_one_the_article_names(parse):
    rows = _people(parse, "The Harbour Coast Guard and the Royal Navy searched the bay. The coast guard said navy "
                          "divers would go down on Friday.")
    described = {r[0]: r[1] for r in rows if r[3] == "description"}
    assert described == {"The coast guard": "Harbour Coast Guard", "navy": "Royal Navy"}, rows
    rows = _people(parse, "Divers from the navy searched the bay, and the guard on duty said nothing.")
    assert rows == []  # no navy named: no actor made up; a guard is a service only as a coast guard


def test_the_company_points_back_to_the_last_company_named(parse):
    rows = _people(parse, "Harbour Star Ferries said in a statement that it would pay each family. The company said "
                          "the vessel had passed its inspection.")
    assert ("The company", "Harbour Star Ferries", "ORG", "description") in rows


def test_an_untagged_run_ending_in_a_company_word_is_a_company(nlp):
    from spacy.tokens import Doc

    from core.ingest import Article
    from core.parse import ParsedArticle

    words = ["Blue", "Anchor", "Ferries", "said", "40", "people", "died", ".", "Ferry", "Lines", "said", "nothing", "."]
    pos = ["PROPN", "PROPN", "PROPN", "VERB", "NUM", "NOUN", "VERB", "PUNCT", "PROPN", "PROPN", "VERB", "PRON", "PUNCT"]
    doc = Doc(nlp.vocab, words=words, spaces=[nxt != "." for nxt in words[1:] + ["."]], pos=pos,
              sent_starts=[1] + [0] * 7 + [1] + [0] * 4)  # no entities: the model saw none
    found = find_actors(ParsedArticle(Article(article_id="t", file="t.txt", text=doc.text), doc, list(doc.sents)))
    assert [(m.text, m.type) for m in found.mentions] == [("Blue Anchor Ferries", "ORG")]  # not company words alone


def test_sharp_s_folds_to_ss_and_a_double_barrelled_surname_is_one_surname(parse):
    from core.actors import same_person

    assert fold("Hoffmann-Weiß") == fold("Hoffmann-Weiss") == "hoffmann weiss"
    assert same_person("Katrin Hoffmann-Weiß", "Katrin Hoffmann-Weiss")
    rows = _people(parse, "Works council chair Katrin Hoffmann-Weiß spoke first. Hoffmann-Weiß said the offer was "
                          "too low.")
    assert ("Hoffmann-Weiß", "Katrin Hoffmann-Weiß", "PERSON", "surname") in rows


def test_a_company_taken_for_a_person_and_its_short_name_are_the_company():
    def row(article, text, type_):
        return {"article_id": article, "sentence_id": 0, "start_char": 0, "end_char": len(text), "text": text,
                "key": text, "type": type_, "role": "", "how": "ner"}

    actors, _mentions, _by_key = merge_actors([
        row("a", "Velmora Automotive", "ORG"), row("a", "Velmora", "PERSON"), row("b", "Velmora", "PERSON"),
        row("c", "Velmora", "ORG")])  # the model calls the short name a person more often than not
    assert [(a["name"], a["type"]) for a in actors] == [("Velmora Automotive", "ORG")]


def test_a_name_ending_in_a_company_word_is_a_company_whatever_the_tag(parse):
    from core.actors import COMPANY_WORDS

    assert {"automotive", "lines", "ferries"} <= COMPANY_WORDS
    rows = _people(parse, "Velmora Automotive announced the closure on Tuesday. The company said 2,300 jobs would go.")
    assert {r[1]: r[2] for r in rows}.get("Velmora Automotive") == "ORG"
    assert ("The company", "Velmora Automotive", "ORG", "description") in rows
