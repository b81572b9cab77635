"""The document loader: reading, furniture, mentions, modality, dates, evidence, store writes, bad input."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from sanctions_kg.errors import InputError
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.graph.pipeline import build
from sanctions_kg.loaders.doctext import load_document, parse_document
from sanctions_kg.loaders.extraction import extract
from sanctions_kg.loaders.gazetteer import Entry, Gazetteer, reference_store
from sanctions_kg.loaders.registry import LoadContext, detect

NEWS = "corpus/news/hikvision-sdn-2022-05.txt"


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.from_reference()


def claims_of(text: str, gaz: Gazetteer, published: str = "2022-05-07"):
    doc = parse_document(f"title: test\npublished: {published}\n\n{text}")
    return extract(doc, gaz).claims


def one(claims, predicate=None, subject=None):
    found = [c for c in claims if (predicate is None or c.predicate == predicate)
             and (subject is None or subject.lower() in c.subject["name"].lower())]
    assert len(found) == 1, [(c.subject["name"], c.predicate, c.object["id"], c.modality) for c in claims]
    return found[0]


def triples(claims) -> set:
    """(subject name, predicate, object) of every claim: lists and regions by id, parties by name."""
    return {(c.subject["name"], c.predicate, c.object["id"] if c.object["id"].startswith(("list:", "region:"))
             else c.object["name"]) for c in claims}


def rows(claims, predicate: str, *fields: str, flat: bool = False) -> set:
    """The claims of one predicate as a set of tuples of ``fields`` (``subject`` and
    ``object_name`` are names, ``object``, ``subject_id`` and ``region`` ids, ``label`` the
    subject's label); with ``flat`` and one field, a set of values."""
    get = {"subject": lambda c: c.subject["name"], "object": lambda c: c.object["id"],
           "object_name": lambda c: c.object["name"], "label": lambda c: c.subject["label"],
           "subject_id": lambda c: c.subject["id"], "region": lambda c: c.region["id"] if c.region else None}
    pick = [get.get(f) or (lambda c, f=f: getattr(c, f)) for f in fields]
    out = {tuple(g(c) for g in pick) for c in claims if c.predicate == predicate}
    return {t[0] for t in out} if flat else out


# ------------------------------------------------------------------ reading
def test_header_is_metadata_and_offsets_point_into_the_body(gaz):
    text = ("title: Acme listed\nurl: https://example.org/a\npublished: 2021-03-02\n\n"
            "Acme Robotics Co., Ltd. was added to the Entity List on March 1, 2021.")
    doc = parse_document(text)
    assert doc.meta["title"] == "Acme listed" and doc.published == "2021-03-02"
    assert doc.body.startswith("Acme Robotics")
    ex = extract(doc, gaz)
    c = one(ex.claims, "LISTED_ON")
    ev = c.evidence[0]
    assert doc.body[ev["start"]:ev["end"]] == ev["text"]
    assert (c.object["id"], c.date, c.modality) == ("list:us-bis-el", "2021-03-01", "asserted")
    assert ex.document["url"] == "https://example.org/a" and ex.document["id"].startswith("doc:")


def test_evidence_offsets_survive_markup_and_wrapped_lines(gaz):
    body = ("**Note:** The Department of Commerce added\n    Zeta Optics Technology Co., Ltd. and\n"
            "Omega Sensors Group to the <u>Entity List</u> in 2020.\n")
    doc = parse_document("title: t\npublished: 2021-01-01\n\n" + body)
    ex = extract(doc, gaz)
    listed = sorted(c.subject["name"] for c in ex.claims if c.predicate == "LISTED_ON")
    assert listed == ["Omega Sensors Group", "Zeta Optics Technology Co., Ltd."]
    for c in ex.claims:
        for ev in c.evidence:
            assert doc.body[ev["start"]:ev["end"]] == ev["text"]
    assert {c.date for c in ex.claims if c.predicate == "LISTED_ON"} == {"2020"}


def test_trailing_headline_list_is_furniture(gaz):
    text = ("Acme Robotics Co., Ltd. said it would appeal.\n\nNext In World News\n\n"
            "Treasury adds Beta Drones Group to the SDN List\nFloods hit the coast as rain continues\n"
            "Markets rally after central bank decision\nOthers Also Read")
    doc = parse_document("title: t\npublished: 2022-01-01\n\n" + text)
    ex = extract(doc, gaz)
    assert ex.claims == []
    assert "company:beta-drones-group" not in ex.entities
    kinds = [b.kind for b in doc.blocks]
    assert kinds[0] == "prose" and "prose" not in kinds[1:]


def test_news_article_tail_and_promos_yield_nothing(shared, gaz):
    doc = load_document(shared / NEWS)
    ex = extract(doc, gaz)
    tail = doc.body.index("Next In Aseanplus News")
    promo = doc.body.index("Do you have questions")
    headline = doc.body.index("China is no Russia")
    assert all(ev["end"] < tail for c in ex.claims for ev in c.evidence)
    assert all(not (start <= promo < end) for _, start, end in ex.mentions)
    # a related headline inside the article is read as a heading: no claim comes from it
    assert all(not (ev["start"] <= headline < ev["end"]) for c in ex.claims for ev in c.evidence)
    for c in ex.claims:
        for ev in c.evidence:
            assert doc.body[ev["start"]:ev["end"]] == ev["text"]


def test_html_main_text_is_extracted(tmp_path, gaz):
    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>Acme listed</title><meta property='article:published_time' content='2021-03-02'>"
        "</head><body><nav><ul><li><a href='/'>Home</a></li><li>Omega Sensors Group joins SDN List</li></ul></nav>"
        "<article><h1>Acme listed</h1><p>The Commerce Department on Monday added Acme Robotics Co., Ltd. "
        "to the Entity List, citing human rights abuses in Xinjiang, officials said in a statement "
        "released to reporters in Washington.</p><p>Acme Robotics Co., Ltd. denied any wrongdoing and "
        "said it would continue to serve customers around the world.</p></article>"
        "<footer>Subscribe to our newsletter</footer></body></html>", encoding="utf-8")
    ex = extract(load_document(page, published="2021-03-02"), gaz)
    names = {c.subject["name"] for c in ex.claims}
    assert "Acme Robotics Co., Ltd." in names
    assert not any("Omega" in n for n in names)


# ------------------------------------------------------------------ bad input
@pytest.mark.parametrize("content, message", [
    (b"", "empty"),
    (b"   \n\n  ", "empty"),
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary"),
    (b"title: x\npublished: 2021-13-45\n\nText.", "not a date"),
    (b"title: x\n\n", "empty"),
])
def test_bad_input_is_refused_with_the_file_named(tmp_path, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(InputError) as err:
        load_document(path)
    assert str(path) in str(err.value) and message in str(err.value)


def test_undecodable_and_oversized_input(tmp_path):
    path = tmp_path / "garbage.txt"
    path.write_bytes(bytes(range(128, 256)) * 40 + b"\x81\x8d\x8f\x90\x9d" * 50)
    with pytest.raises(InputError):
        load_document(path)
    big = tmp_path / "big.txt"
    big.write_text("title: x\n\n" + "word " * 1000, encoding="utf-8")
    with pytest.raises(InputError, match="too large"):
        load_document(big, max_bytes=1000)


def test_latin1_text_is_decoded(tmp_path, gaz):
    path = tmp_path / "latin1.txt"
    path.write_bytes("title: Ürümqi\npublished: 2021-01-05\n\nThe café company Acme Robotics Co., Ltd. was "
                     "added to the Entity List in 2020, officials in Zürich and Ürümqi said.".encode("latin-1"))
    doc = load_document(path)
    assert "Ürümqi" in doc.body
    assert one(extract(doc, gaz).claims, "LISTED_ON").date == "2020"


def test_failed_load_writes_nothing(tmp_path):
    from sanctions_kg.graph.load import load_paths

    store = EmbeddedStore(tmp_path / "store.json")
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"title: x\n\n\x00\x01\x02binary")
    rows = load_paths(store, [bad], "document")
    assert rows[0]["error"] and "bad.txt" in rows[0]["error"]
    assert store.stats() == {"nodes": {}, "relationships": {}}


# ----------------------------------------------------------- modality and dates
@pytest.mark.parametrize("sentence, modality", [
    ("Acme Robotics Co., Ltd. may be added to the Entity List.", "hypothetical"),
    ("If Washington adds Acme Robotics Co., Ltd. to the Entity List, exports would stop.", "hypothetical"),
    ("The Commerce Department is considering adding Acme Robotics Co., Ltd. to the Entity List.", "proposed"),
    ("Officials plan to add Acme Robotics Co., Ltd. to the Entity List.", "proposed"),
    ("Acme Robotics Co., Ltd. was reportedly added to the Entity List.", "reported"),
    ("Washington has not added Acme Robotics Co., Ltd. to the Entity List.", "denied"),
])
def test_unasserted_listing_is_considered_for_never_listed_on(gaz, sentence, modality):
    claims = claims_of(sentence, gaz)
    c = one(claims, subject="Acme")
    assert (c.predicate, c.modality, c.object["id"]) == ("CONSIDERED_FOR", modality, "list:us-bis-el")
    assert c.date == "2022-05-07"  # reported_on: the publication date


def test_modality_is_scoped_to_the_clause(gaz):
    claims = claims_of("If the US adds Acme Robotics Co., Ltd. to the SDN List, it would hurt Beta Vision "
                       "Technology Co., Ltd., which has been on the Entity List since October 2019.", gaz)
    sdn = one(claims, "CONSIDERED_FOR")
    assert (sdn.subject["name"], sdn.modality) == ("Acme Robotics Co., Ltd.", "hypothetical")
    el = one(claims, "LISTED_ON")
    assert (el.subject["name"], el.modality, el.date) == ("Beta Vision Technology Co., Ltd.", "asserted", "2019-10")


@pytest.mark.parametrize("when, published, expected", [
    ("last June", "2022-05-07", "2021-06"),
    ("last June", "2022-08-01", "2022-06"),
    ("in 2019", "2022-05-07", "2019"),
    ("on October 9, 2019", "2022-05-07", "2019-10-09"),
    ("since October 2019", "2022-05-07", "2019-10"),
    ("in early November", "2021-12-10", "2021-11"),
    ("on Thursday", "2022-05-07", "2022-05-05"),
    ("last Thursday", "2022-05-05", "2022-04-28"),
    ("last Thursday", "2022-05-07", "2022-05-05"),
    ("in March of this year", "2022-11-25", "2022-03"),
    ("in Friday's rule", "2021-12-13", "2021-12-10"),
    ("on October 3", "2024-12-05", "2024-10-03"),
    ("on December 11 last year", "2024-12-05", "2023-12-11"),
])
def test_dates_are_normalised(gaz, when, published, expected):
    claims = claims_of(f"The Commerce Department added Acme Robotics Co., Ltd. to the Entity List {when}.",
                       gaz, published)
    assert one(claims, "LISTED_ON").date == expected


def test_removal_is_listed_on_with_removed_on(gaz):
    claims = claims_of("The Commerce Department removed Acme Robotics Co., Ltd. from the Entity List "
                       "on March 1, 2021.", gaz)
    c = one(claims, "LISTED_ON")
    assert (c.removed_on, c.date, c.modality) == ("2021-03-01", None, "asserted")


def test_citation_region_and_conduct_modality(gaz):
    claims = claims_of("Washington may impose sanctions on Acme Robotics Co., Ltd. for its alleged "
                       "involvement in human rights abuses in China's Xinjiang region.", gaz)
    c = one(claims, "CITED_FOR")
    assert (c.object["id"], c.region["id"], c.modality) == ("concern:human-rights-abuses", "region:cn-xj", "reported")


# ---------------------------------------------------- mentions and coreference
def test_case_sensitive_short_aliases(gaz):
    doc = parse_document("title: t\n\nThe el train and the sdn memo. Then the SDN List and the EL.")
    ex = extract(doc, gaz)
    spans = [doc.body[s:e] for _, s, e in ex.mentions]
    assert "el" not in spans and "sdn" not in spans
    assert "SDN List" in spans and "EL" in spans


def test_new_organisations_by_shape_and_coreference(gaz):
    claims = claims_of("Chinese surveillance camera maker Zenith Vision said on Monday that the "
                       "Hangzhou-based company had been added to the Entity List. Analysts said facial "
                       "recognition firms Orbit AI and Kappa Labs could follow.", gaz)
    located = rows(claims, "LOCATED_IN", "subject", "object")
    assert located == {("Zenith Vision", "region:cn"), ("Zenith Vision", "region:cn-hangzhou")}
    listed = one(claims, "LISTED_ON")
    assert (listed.subject["name"], listed.subject["label"], listed.date) == ("Zenith Vision", "Company", "2022-05-02")


def test_short_name_resolves_to_a_loaded_list_party(shared, tmp_path):
    store = EmbeddedStore(tmp_path / "s.json")
    ref = reference_store()
    store.upsert_nodes(list(ref.iter_nodes()))
    store.upsert_rels(list(ref.iter_rels()))
    from sanctions_kg.graph.facts import Node

    build([Node("Company", "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD.")], store)
    gaz = Gazetteer.from_store(store)
    ex = extract(load_document(shared / NEWS), gaz)
    hik = {c.subject["id"] for c in ex.claims if "hik" in c.subject["name"].lower()}
    assert hik == {"company:hangzhou-hikvision-digital-technology-co-ltd"}


def test_enumerations_and_cataphora(gaz):
    text = ("The President listed the following 3 entities as subject to the prohibitions of Executive "
            "Order 14032.\n\nDefense and Related Materiel Sector of the Economy of the PRC:\n"
            "Alpha Aero Corporation; Beta Marine Engineering Company Limited; and Gamma Optics Co., Ltd.\n\n"
            "Further information is available from the Treasury.")
    claims = claims_of(text, gaz, "2021-06-03")
    listed = sorted(c.subject["name"] for c in claims if c.predicate == "LISTED_ON")
    assert listed == ["Alpha Aero Corporation", "Beta Marine Engineering Company Limited", "Gamma Optics Co., Ltd."]
    assert rows(claims, "LISTED_ON", "object", flat=True) == {"list:us-ns-cmic"}
    cited = rows(claims, "CITED_FOR", "subject", "object", "region")
    assert ("Gamma Optics Co., Ltd.", "concern:military-industrial-complex", "region:cn") in cited


def test_counted_group_listing_then_its_members(gaz):
    """A listing that counts parties without naming them opens a frame that the next
    paragraphs fill: "A and B were added for ...", "among them C", "Among the companies are"."""
    text = ("The Commerce Department today added 12 entities based in China to the Entity List.\n\n"
            "Alpha Aero Corporation and Beta Marine Engineering Co., Ltd. were added for supporting "
            "military end uses.\n\n"
            "Nine entities, among them Gamma Optics Co., Ltd., were listed for contributing to "
            "proliferation.\n\n"
            "Among the companies are Delta Robotics Co., Ltd., a maker of drones; and Epsilon Systems "
            "Inc., a Shanghai-based designer.")
    claims = claims_of(text, gaz, "2021-11-24")
    listed = rows(claims, "LISTED_ON", "subject", "object", "date")
    assert listed == {(n, "list:us-bis-el", "2021-11-24") for n in (
        "Alpha Aero Corporation", "Beta Marine Engineering Co., Ltd.", "Gamma Optics Co., Ltd.",
        "Delta Robotics Co., Ltd.", "Epsilon Systems Inc.")}
    cited = rows(claims, "CITED_FOR", "subject", "object")
    assert cited == {("Alpha Aero Corporation", "concern:military-end-use"),
                     ("Beta Marine Engineering Co., Ltd.", "concern:military-end-use"),
                     ("Gamma Optics Co., Ltd.", "concern:weapons-proliferation")}


def test_federal_register_item_list_with_places_and_subsidiaries(gaz):
    text = ("DATES: This rule is effective June 5, 2020.\n\n"
            "In this rule, BIS amends the EAR by adding three entities in China to the Entity List: "
            "Alpha Vision Technology, of Guangzhou; Beta Networks Group, of Wuhan, and its subsidiary "
            "Gamma Communication Co.; and Delta Cloud Technology, of Beijing. The entities are being added "
            "because the ERC has determined that they are complicit in human rights abuses in Xinjiang.")
    claims = claims_of(text, gaz, "2020-06-03")
    names = ["Alpha Vision Technology", "Beta Networks Group", "Gamma Communication Co.", "Delta Cloud Technology"]
    listed = rows(claims, "LISTED_ON", "subject", "date")
    assert listed == {(n, "2020-06-05") for n in names}
    located = rows(claims, "LOCATED_IN", "subject", "object")
    assert located == {("Alpha Vision Technology", "region:cn-guangzhou"), ("Beta Networks Group", "region:cn-wuhan"),
                       ("Delta Cloud Technology", "region:cn-bj")}
    sub = one(claims, "SUBSIDIARY_OF")
    assert (sub.subject["name"], sub.object["name"]) == ("Gamma Communication Co.", "Beta Networks Group")
    # the reasons a rule gives for its listings are dated by the rule
    cited = rows(claims, "CITED_FOR", "subject", "region", "date")
    assert cited == {(n, "region:cn-xj", "2020-06-05") for n in names}


def test_region_owned_description_and_the_same_day(gaz):
    text = ("Suppliers are trying to work out whether they can keep shipping to Zeta Compute Group Co., Ltd. "
            "after the Commerce Department added China's biggest server maker to the Entity List last Thursday. "
            "Eta Chip Corporation, a Beijing-based designer, was put on the list the same day.")
    claims = claims_of(text, gaz, "2023-03-08")
    listed = rows(claims, "LISTED_ON", "subject", "modality", "date")
    assert listed == {("Zeta Compute Group Co., Ltd.", "asserted", "2023-03-02"),
                      ("Eta Chip Corporation", "asserted", "2023-03-02")}
    assert not [c for c in claims if c.predicate == "CONSIDERED_FOR"]
    located = rows(claims, "LOCATED_IN", "subject", "object")
    assert located == {("Zeta Compute Group Co., Ltd.", "region:cn"), ("Eta Chip Corporation", "region:cn-bj")}


def test_leading_legal_forms_locatives_and_titled_persons(gaz):
    text = ("The Treasury Department added the executives, among them chief operating officer Ivan Petrov "
            "and chief legal officer Olga Smirnova, to its SDN list on Friday. On Thursday, BIS put "
            "AO Zeta Lab, OOO Zeta Group and the UK-registered Zeta Labs Limited on the Entity List.")
    claims = claims_of(text, gaz, "2024-06-21")
    listed = rows(claims, "LISTED_ON", "subject", "label", "object")
    assert listed == {("Ivan Petrov", "Person", "list:us-ofac-sdn"), ("Olga Smirnova", "Person", "list:us-ofac-sdn"),
                      ("AO Zeta Lab", "Company", "list:us-bis-el"), ("OOO Zeta Group", "Company", "list:us-bis-el"),
                      ("Zeta Labs Limited", "Company", "list:us-bis-el")}


def test_including_conjuncts_aliases_and_a_counted_reference(gaz):
    text = ("BIS today added five entities to the Entity List, including the Chinese server maker Omega "
            "Computing Co., Ltd., which does business as Omegacore, and the processor designer Sigma Chip "
            "Technology, also known as Sigmax. Also added were two Sigma Chip affiliates located in Chengdu, "
            "Chengdu Tau Integrated Circuit and Chengdu Tau Microelectronics Technology, as well as the "
            "Upsilon Institute of Computing Technology. BIS determined that the five entities pose a risk "
            "of becoming involved in activities contrary to the national security of the United States. "
            "Omegacore said it would comply.")
    claims = claims_of(text, gaz, "2019-06-21")
    five = {"Omega Computing Co., Ltd.", "Sigma Chip Technology", "Chengdu Tau Integrated Circuit",
            "Chengdu Tau Microelectronics Technology", "Upsilon Institute of Computing Technology"}
    assert rows(claims, "LISTED_ON", "subject", flat=True) == five
    assert rows(claims, "CITED_FOR", "subject", flat=True) == five
    ex = extract(parse_document(f"title: t\npublished: 2019-06-21\n\n{text}"), gaz)
    omega = next(e for e in ex.entities.values() if e.name == "Omega Computing Co., Ltd.")
    assert "Omegacore" in omega.aliases


def test_a_short_name_inside_a_longer_name_is_another_party(gaz):
    text = ("Rho Telecom Co., Ltd. was added to the Entity List in May 2019. On Monday BIS added 38 affiliates "
            "to the Entity List, among them Rho Cloud Beijing and Rho Cloud Shanghai.")
    claims = claims_of(text, gaz, "2020-08-19")
    listed = rows(claims, "LISTED_ON", "subject", "date")
    assert ("Rho Telecom Co., Ltd.", "2019-05") in listed
    assert ("Rho Telecom Co., Ltd.", "2020-08-17") not in listed


def test_participial_clause_and_coordinated_lists_keep_their_modality(gaz):
    text = ("In August, the Commerce Department added 44 Chinese organizations to the Entity List, including "
            "Phi Defense Electronics Corporation, citing the risk that U.S. goods would be diverted to military "
            "end uses. The department has not added Chi Phone Technology Co., Ltd. to its Entity List or to "
            "its MEU List.")
    claims = claims_of(text, gaz, "2018-10-30")
    phi = one(claims, "LISTED_ON", "Phi Defense")
    assert (phi.modality, phi.date) == ("asserted", "2018-08")
    denied = rows(claims, "CONSIDERED_FOR", "object", "modality")
    assert denied == {("list:us-bis-el", "denied"), ("list:us-bis-meu", "denied")}
    # the agency that adds - or does not add - to a list administers it
    assert rows(claims, "ADMINISTERS", "object", "modality") >= {("list:us-bis-el", "asserted")}


def test_group_items_and_references_to_the_whole_group(gaz):
    text = ("DATES: The list is effective June 21, 2022.\n\n"
            "BIS has added four companies to the Entity List: Kappa Group and Lambda Labs, two Israeli "
            "developers of spyware; Mu Technologies, a Russian cybersecurity company; and Nu Consultancy "
            "PTE. LTD., a firm registered in Singapore. The FLETF determined that each of these entities "
            "manufactures goods in the Xinjiang Uyghur Autonomous Region wholly or in part with forced labor.")
    claims = claims_of(text, gaz, "2022-06-17")
    four = {"Kappa Group", "Lambda Labs", "Mu Technologies", "Nu Consultancy PTE. LTD."}
    assert rows(claims, "LISTED_ON", "subject", flat=True) == four
    cited = rows(claims, "CITED_FOR", "subject", "region", "date")
    assert cited == {(n, "region:cn-xj", "2022-06-21") for n in four}
    assert ("Mu Technologies", "region:ru") in rows(claims, "LOCATED_IN", "subject", "object")


def test_agency_by_head_word_together_with_and_the_last_list(gaz):
    text = ("The Federal Communications Commission has barred new equipment from Omicron Vision Company. "
            "Omicron Vision and Pi Video, two of the largest makers of video surveillance cameras, have been "
            "on the Covered List since March 2021, together with Rho Networks Corporation and Sigma Radio "
            "Corporation. The Commission maintains the Covered List. In March of this year it "
            "added Tau Security Lab, a Russian cybersecurity company, along with Upsilon Telecom (Americas) "
            "Corporation.")
    claims = claims_of(text, gaz, "2022-11-25")
    listed = rows(claims, "LISTED_ON", "subject", "date")
    assert listed == {("Omicron Vision Company", "2021-03"), ("Pi Video", "2021-03"),
                      ("Rho Networks Corporation", "2021-03"), ("Sigma Radio Corporation", "2021-03"),
                      ("Tau Security Lab", "2022-03"), ("Upsilon Telecom (Americas) Corporation", "2022-03")}
    assert rows(claims, "LISTED_ON", "object", flat=True) == {"list:us-fcc-covered"}
    # "The Commission" is the FCC (and "Sigma Radio Corporation. The Commission" is no name)
    adm = one(claims, "ADMINISTERS")
    assert (adm.subject["id"], adm.object["id"]) == ("agency:us-fcc", "list:us-fcc-covered")


def test_names_led_by_their_legal_form_bracketed_short_names_and_coordinated_unknowns(gaz):
    text = ("OFAC designated Joint Stock Company Vostok (Vostok), the largest chip maker in Russia, and "
            "AO Zapad-Vektor, a developer of satellite software. On Tuesday the Commerce Department added "
            "Lumen Technology and Moore Glass to the Entity List. The entities are located in Canada, "
            "France and Lumen Systems Corporation.")
    claims = claims_of(text, gaz, "2023-10-18")
    # an OFAC designation that names no list lands on OFAC's principal list, the SDN list
    assert rows(claims, "LISTED_ON", "subject", "object") == {
        ("Joint Stock Company Vostok", "list:us-ofac-sdn"), ("AO Zapad-Vektor", "list:us-ofac-sdn"),
        ("Lumen Technology", "list:us-bis-el"), ("Moore Glass", "list:us-bis-el")}
    ex = extract(parse_document(f"title: t\npublished: 2023-10-18\n\n{text}"), gaz)
    names = {e.name: e for e in ex.entities.values()}
    assert {"Joint Stock Company Vostok", "AO Zapad-Vektor"} <= set(names)
    assert "Vostok" in names["Joint Stock Company Vostok"].aliases
    assert "Canada" not in names


def test_counted_people_and_an_alleged_reason_that_does_not_make_the_listing_reported(gaz):
    text = ("Alongside Friday's action, OFAC added two officials, Arman Tursun and Bolat Erkin, to its SDN list. "
            "Phi Vision Technology Co., Ltd., one of its subsidiaries, was placed on the Commerce Department's "
            "Entity List in October 2019, together with Chinese camera makers Chi Optics Company and Psi Video "
            "Company, for their alleged role in human rights abuses in Xinjiang.")
    claims = claims_of(text, gaz, "2021-12-13")
    listed = rows(claims, "LISTED_ON", "subject", "label", "object", "modality", "date")
    assert listed == {("Arman Tursun", "Person", "list:us-ofac-sdn", "asserted", "2021-12-10"),
                      ("Bolat Erkin", "Person", "list:us-ofac-sdn", "asserted", "2021-12-10"),
                      ("Phi Vision Technology Co., Ltd.", "Company", "list:us-bis-el", "asserted", "2019-10"),
                      ("Chi Optics Company", "Company", "list:us-bis-el", "asserted", "2019-10"),
                      ("Psi Video Company", "Company", "list:us-bis-el", "asserted", "2019-10")}


def test_the_group_named_in_a_listing_includes_its_members(gaz):
    text = ("Last Wednesday, BIS added Omega Nuclear Power Group and three of its affiliates to the Entity "
            "List. The affiliates are Omega Nuclear Power Corporation, Sigma Research Institute Co. Ltd. and "
            "Tau Engineering Corporation. BIS determined that the four entities are acting contrary to the "
            "national security of the United States.")
    claims = claims_of(text, gaz, "2019-08-20")
    four = {"Omega Nuclear Power Group", "Omega Nuclear Power Corporation", "Sigma Research Institute Co. Ltd.",
            "Tau Engineering Corporation"}
    assert rows(claims, "LISTED_ON", "subject", "date") == {(n, "2019-08-14") for n in four}
    assert rows(claims, "CITED_FOR", "subject", flat=True) == four


def test_an_explicit_alias_beats_a_derived_short_name(gaz):
    text = ("Rho Telecommunications Equipment Corporation (RTE) and its subsidiary RTE Kappa Telecom Ltd. "
            "were removed from the Denied Persons List on Friday. In March 2016, BIS put RTE on the Entity "
            "List over an alleged scheme to ship U.S. goods to Iran.")
    claims = claims_of(text, gaz, "2018-07-17")
    listed = one(claims, "LISTED_ON", "Rho Telecommunications")
    assert (listed.object["id"], listed.modality, listed.date) == ("list:us-bis-el", "asserted", "2016-03")


LEDE = ("The United States on Thursday imposed sanctions on a satellite company. OFAC added Sigma Space "
        "Technology Co., Ltd. to its SDN list. Tau Scanner Company Limited, a maker of security scanners, is among "
        "77 entities the Commerce Department added to its Entity List. Upsilon Drone Technology Co., Ltd. was "
        "added as well.")
TASK_FORCE = ("The UFLPA Entity List is maintained by the Forced Labor Enforcement Task Force. In a notice that "
              "took effect on December 11 last year, the task force added three companies, bringing the total to "
              "30: Kappa Sugar Co., Ltd., which belongs to the state-owned food group Kappa Corporation; Lambda "
              "Technology Group Co., Ltd., a maker of transformers; and Mu New Materials Co., Ltd. On October 3 "
              "the task force added Nu Iron and Steel Co., Ltd., a steelmaker, and Xi Food Ingredients Co., Ltd.")
PLACED_THEM = ("Today, OFAC identified three technology companies pursuant to Executive Order 14032 and placed "
               "them on the NS-CMIC List. The companies identified today are Alpha Vision Co., Ltd.; Beta Cloud "
               "Technology Limited; and Gamma Drone Technology Co., Ltd.")


@pytest.mark.parametrize("text, published, expected", [
    pytest.param(LEDE, "2023-01-27", {("Sigma Space Technology Co., Ltd.", "list:us-ofac-sdn", "2023-01-26"),
                                      ("Tau Scanner Company Limited", "list:us-bis-el", "2023-01-26"),
                                      ("Upsilon Drone Technology Co., Ltd.", "list:us-bis-el", "2023-01-26")},
                 id="the-lede-dates-the-story"),
    pytest.param(TASK_FORCE, "2024-12-05",
                 {(n, "list:us-dhs-uflpa", "2023-12-11")
                  for n in ("Kappa Sugar Co., Ltd.", "Lambda Technology Group Co., Ltd.", "Mu New Materials Co., Ltd.")}
                 | {(n, "list:us-dhs-uflpa", "2024-10-03")
                    for n in ("Nu Iron and Steel Co., Ltd.", "Xi Food Ingredients Co., Ltd.")},
                 id="an-agency-with-one-list-adds-to-it"),
    pytest.param(PLACED_THEM, "2021-12-16",
                 {(n, "list:us-ns-cmic", "2021-12-16")
                  for n in ("Alpha Vision Co., Ltd.", "Beta Cloud Technology Limited", "Gamma Drone Technology Co., Ltd.")},
                 id="a-counted-group-placed-on-a-list-then-named"),
])
def test_listings_told_across_sentences(gaz, text, published, expected):
    """Listings whose list, date or parties another sentence gives: the lede's day, an agency's
    only list, a counted group named after a colon or in the next sentence."""
    assert rows(claims_of(text, gaz, published), "LISTED_ON", "subject", "object", "date") == expected


def test_an_apposition_naming_a_parent_is_not_a_conjunct(gaz):
    text = ("On March 25, 2022 the Federal Communications Commission added Omicron Mobile USA Inc. and Pi "
            "Telecom (Americas) Corp., a subsidiary of Pi Telecommunications Corporation, together with "
            "Russia's Rho Security Lab, deeming each an unacceptable risk to U.S. national security.")
    claims = claims_of(text, gaz, "2022-04-12")
    assert rows(claims, "LISTED_ON", "subject", flat=True) == {
        "Omicron Mobile USA Inc.", "Pi Telecom (Americas) Corp.", "Rho Security Lab"}


def test_a_designation_under_an_order_waits_for_its_list(gaz):
    text = ("The State Department on Friday designated Alpha Machinery Company Limited, Beta Trading Co., Ltd. "
            "and Belarus's Gamma Tractor Plant under Executive Order 13382, saying they had supplied missile parts.")
    # the State Department's own list is not where an order's designations go
    assert not rows(claims_of(text, gaz, "2024-04-20"), "LISTED_ON", "subject", "object")
    claims = claims_of(text + " The three were added to the Specially Designated Nationals list.", gaz, "2024-04-20")
    assert rows(claims, "LISTED_ON", "subject", "object") == {
        (n, "list:us-ofac-sdn") for n in ("Alpha Machinery Company Limited", "Beta Trading Co., Ltd.", "Gamma Tractor Plant")}


def test_a_label_before_an_enumeration_is_no_part_of_its_first_name(gaz):
    ex = extract(parse_document("title: t\npublished: 2023-02-14\n\nThis rule adds two entities to the Entity "
                                "List.\n\nENTITIES ADDED: Alpha Aerospace Technology Co., Ltd., of Beijing; and "
                                "Beta Electronics Co., Ltd., of Guangzhou."), gaz)
    assert {"Alpha Aerospace Technology Co., Ltd.", "Beta Electronics Co., Ltd."} <= {e.name for e in ex.entities.values()}


def test_items_under_a_destination_and_the_three_after_a_designation(gaz):
    fr = ("SUMMARY: BIS amends the EAR by adding two persons to the Entity List. The two persons are listed "
          "under the destination of China: National University of Defense Technology (NUDT), Changsha, Hunan; "
          "and National Weather Computing Center (NWCC), Wuxi.")
    assert rows(claims_of(fr, gaz, "2015-02-18"), "LISTED_ON", "subject", flat=True) == {
        "National University of Defense Technology", "National Weather Computing Center"}
    ofac = ("OFAC designated Alpha Network Technology Co., Ltd., a Chinese company based in Jilin province; its "
            "chief executive, Ri Chol Su; and Beta Silver Star, a Russia-based sister company. The three have "
            "been added to the Specially Designated Nationals and Blocked Persons List.")
    assert rows(claims_of(ofac, gaz, "2018-09-13"), "LISTED_ON", "subject", "object") == {
        (n, "list:us-ofac-sdn") for n in ("Alpha Network Technology Co., Ltd.", "Ri Chol Su", "Beta Silver Star")}


def test_names_and_reasons_that_are_no_parties_or_doubts(gaz):
    text = ("WASHINGTON, Oct 18 - Commerce added Alpha Trading (HK) and Beta Logistics Co., Ltd. to the Entity "
            "List. The companies were listed for allegedly facilitating sales of U.S.-made parts.")
    claims = claims_of(text, gaz, "2025-10-18")
    assert rows(claims, "LISTED_ON", "subject", "modality") == {("Alpha Trading (HK)", "asserted"),
                                                              ("Beta Logistics Co., Ltd.", "asserted")}
    assert not rows(claims, "CONSIDERED_FOR", "subject")


def test_a_when_clause_takes_the_date_before_it(gaz):
    claims = claims_of("The first came on September 26, 2016, when OFAC added Omega Industrial Development Co., "
                       "Ltd. to the SDN List.", gaz, "2017-12-04")
    assert rows(claims, "LISTED_ON", "subject", "date") == {("Omega Industrial Development Co., Ltd.", "2016-09-26")}



def test_locations_of_groups_appositions_and_fronted_places(gaz):
    text = ("BIS placed the Zelkova Institute of Physics, a Russian university, on the Entity List. The rule names "
            "six Russian technology companies, including Quillon Systems and Brantwell Labs. The three "
            "Beijing-based parent groups, Arvex Holdings Co., Ltd. and Bolt Telecom Corporation, were identified "
            "by the Pentagon. The task force added Garrow Iron and Steel Co., Ltd., an Urumqi steelmaker, and "
            "Hensley Food Ingredients Co., Ltd., an aspartame producer in Jiangsu. Commerce added five companies "
            "in China, among them Morrow Electronic Ltd. and Kestrel Technology Co., Ltd., to the Entity List. "
            "Based in Hefei, the capital of Anhui Province, Pellam Memory Technologies Co., Ltd. was founded in "
            "2016. OFAC designated Yelton Network Technology Co., Ltd., a Chinese company based in Jilin "
            "province. They include the University of Science and Technology of China, a research university.")
    claims = claims_of(text, gaz, "2024-05-02")
    assert rows(claims, "LOCATED_IN", "subject", "object") >= {
        ("Zelkova Institute of Physics", "region:ru"), ("Quillon Systems", "region:ru"),
        ("Brantwell Labs", "region:ru"), ("Arvex Holdings Co., Ltd.", "region:cn-bj"),
        ("Bolt Telecom Corporation", "region:cn-bj"), ("Garrow Iron and Steel Co., Ltd.", "region:cn-urumqi"),
        ("Hensley Food Ingredients Co., Ltd.", "region:cn-js"), ("Morrow Electronic Ltd.", "region:cn"),
        ("Kestrel Technology Co., Ltd.", "region:cn"), ("Pellam Memory Technologies Co., Ltd.", "region:cn-hefei"),
        ("Yelton Network Technology Co., Ltd.", "region:cn"), ("Yelton Network Technology Co., Ltd.", "region:cn-jl")}
    # "of Science and Technology of China" is one name, not two
    ex = extract(parse_document("title: t\npublished: 2024-05-02\n\n" + text), gaz)
    names = {e.name for e in ex.entities.values()}
    assert "University of Science and Technology of China" in names and "Technology of China" not in names


def test_the_lists_an_agency_keeps_removes_from_or_adds_to(gaz):
    cases = {
        "They were added to the Specially Designated Nationals (SDN) List, which the Office of Foreign Assets "
        "Control (OFAC) administers.": "agency:us-ofac",
        "Roughly 80 entities were placed on the Entity List, the trade restriction list kept by the Commerce "
        "Department's Bureau of Industry and Security.": "agency:us-bis",
        "The designated persons have been added to the UK Sanctions List, which the FCDO maintains.": "agency:gb-fcdo",
        "On December 30, the Treasury Department's Office of Foreign Assets Control (OFAC) removed three "
        "individuals from its Specially Designated Nationals and Blocked Persons (SDN) List.": "agency:us-ofac",
        "Today's action builds on OFAC's addition of Zservers, a hosting provider, to the SDN List.": "agency:us-ofac",
        "Two of them are restricted by the Commerce Department's Bureau of Industry and Security, which added "
        "Pellor Semiconductor Co., Ltd. to the Entity List in December 2020.": "agency:us-bis",
        "Four senators have asked the Commerce Department to return Kestrel Forensics Co., Ltd. to the Entity "
        "List.": "agency:us-doc",
    }
    for text, agency in cases.items():
        assert agency in rows(claims_of(text, gaz, "2025-07-01"), "ADMINISTERS", "subject_id", flat=True), text


def test_a_since_date_after_a_relative_clause_on_the_list_dates_the_listing(gaz):
    claims = claims_of("WASHINGTON, Jan 31 - Pentagon news. Zarvo, Quellin Technology Co., Ltd. and Brisk Vision "
                       "Co., Ltd. have been on the Treasury Department's Non-SDN Chinese Military-Industrial Complex "
                       "Companies (NS-CMIC) List, which bars Americans from buying their securities, since December "
                       "2021.", gaz, "2024-01-31")
    assert rows(claims, "LISTED_ON", "subject", "date") >= {("Quellin Technology Co., Ltd.", "2021-12"),
                                                            ("Brisk Vision Co., Ltd.", "2021-12")}
    # a since-date elsewhere in the sentence is not the listing's
    claims = claims_of("Commerce added Pellor Trading Co., Ltd. to the Entity List on Oct. 8. The companies were "
                       "listed for selling parts that were recovered from drones since 2017.", gaz, "2025-10-18")
    assert rows(claims, "LISTED_ON", "subject", "date") == {("Pellor Trading Co., Ltd.", "2025-10-08")}



def test_they_include_continues_a_listing_and_an_agency_designates_a_described_party(gaz):
    claims = claims_of("The Commerce Department added 37 entities to the Entity List on Thursday. They include the "
                       "Kestrel Academy of Quantum Sciences; the Lomax National Laboratory, a research laboratory in "
                       "Hefei; and the Morrow Institute of Quantum Engineering.", gaz, "2024-05-10")
    assert rows(claims, "LISTED_ON", "subject", "object") == {
        ("Kestrel Academy of Quantum Sciences", "list:us-bis-el"), ("Lomax National Laboratory", "list:us-bis-el"),
        ("Morrow Institute of Quantum Engineering", "list:us-bis-el")}
    claims = claims_of("OFAC added Pellor Exchange Ltd. to the SDN List in 2021. In April 2022, OFAC designated the "
                       "Russia-based exchange Garvex Trading Ltd., citing the risk of sanctions evasion.", gaz,
                       "2025-05-14")
    assert ("Garvex Trading Ltd.", "list:us-ofac-sdn", "2022-04") in rows(claims, "LISTED_ON", "subject", "object", "date")


def test_listings_of_counted_groups_with_names_and_denials_of_both(gaz):
    claims = claims_of("BIS published a rule on the Entity List. A companion rule the same day added 11 Chinese "
                       "entities, including Zhipu Quant Co., Ltd., and took three Indian organizations off the list. "
                       "Neither Bitmayn Technologies Co., Ltd. nor Taiwan Foundry Co., Ltd. was added to the list. "
                       "Kestrel Lab Co., Ltd. itself was not added to the Entity List.", gaz, "2025-01-21")
    assert rows(claims, "LISTED_ON", "subject", flat=True) == {"Zhipu Quant Co., Ltd."}
    assert rows(claims, "CONSIDERED_FOR", "subject", "modality") == {
        ("Bitmayn Technologies Co., Ltd.", "denied"), ("Taiwan Foundry Co., Ltd.", "denied"),
        ("Kestrel Lab Co., Ltd.", "denied")}
    claims = claims_of("Alongside the determination, OFAC added two individuals and three Singapore companies to "
                       "the SDN List: Khin Phyu Win, Zaw Min Tun, Shoon Energy Pte. Ltd. and two of its "
                       "subsidiaries.", gaz, "2023-08-24")
    assert rows(claims, "LISTED_ON", "subject", flat=True) >= {"Khin Phyu Win", "Zaw Min Tun", "Shoon Energy Pte. Ltd."}
    # a group added by someone who keeps another list is not put on the list named last
    claims = claims_of("OFAC added Pellor Trading Co., Ltd. to the SDN List in 2006. In July 2009 the committee "
                       "added five more entities, among them the General Bureau of Atomic Energy.", gaz, "2024-04-01")
    assert "General Bureau of Atomic Energy" not in rows(claims, "LISTED_ON", "subject", flat=True)


def test_subsidiaries_and_officers_told_around_the_name(gaz):
    text = ("Pellor Biologics (Cayman) Inc., the Hong Kong-listed biologics manufacturer, said last week that its "
            "subsidiary Pellor Biologics Co., Ltd. was taken off the list. The same update dropped Carvel "
            "Telecommunications Corporation, the state-owned parent of carrier Carvel Telecom Co., Ltd., from the "
            "list. They include Donghai Kestrel Solar Technology Co., Ltd., a Jiangsu-based unit of module maker "
            "Kestrel Solar Co., Ltd.; and others. OFAC designated Marlowe Controls Co., Ltd., an Iran-based firm that "
            "procured machines for Garrow Aircraft Industries Co., Ltd., and its chief executive, Javad Hoshyar.")
    claims = claims_of(text, gaz, "2025-08-05")
    assert rows(claims, "SUBSIDIARY_OF", "subject", "object_name") == {
        ("Pellor Biologics Co., Ltd.", "Pellor Biologics (Cayman) Inc."),
        ("Carvel Telecom Co., Ltd.", "Carvel Telecommunications Corporation"),
        ("Donghai Kestrel Solar Technology Co., Ltd.", "Kestrel Solar Co., Ltd.")}
    # "its" is the firm the item is about, not the last name before it
    assert rows(claims, "AFFILIATED_WITH", "subject", "object_name") == {("Javad Hoshyar", "Marlowe Controls Co., Ltd.")}

@pytest.mark.parametrize("text, sentences", [
    ("Alpha Technology Co. Ltd. Huawei said it would comply.",
     ["Alpha Technology Co. Ltd.", "Huawei said it would comply."]),
    ("Alpha Co., Ltd. (ACL) was added.", ["Alpha Co., Ltd. (ACL) was added."]),
    ("Tesla Inc. Chief Executive Elon Musk said so.", ["Tesla Inc. Chief Executive Elon Musk said so."]),
    ("Beta Ltd. and Gamma Ltd. were added. The rule took effect.",
     ["Beta Ltd. and Gamma Ltd. were added.", "The rule took effect."]),
])
def test_a_sentence_ends_after_ltd_before_a_capital(text, sentences):
    from sanctions_kg.loaders.mentions import split_sentences

    assert [text[a:b] for a, b in split_sentences(text, 0, len(text))] == sentences

# ------------------------------------------------------------------ store writes
def test_load_writes_document_mentions_and_evidence(shared, tmp_path):
    from sanctions_kg.graph.load import load_paths

    store = EmbeddedStore(tmp_path / "store.json")
    path = shared / NEWS
    assert detect(path).name == "document"
    rows = load_paths(store, [path])
    assert rows[0]["error"] is None, rows
    doc_id = "doc:hikvision-sdn-2022-05-txt"
    doc = store.get_node(doc_id)
    assert doc["props"]["published"] == "2022-05-07" and doc["props"]["kind"] == "news"
    mentioned = list(store.in_rels(doc_id, "MENTIONED_IN"))
    assert {r["src"] for r in mentioned} >= {"company:hikvision", "list:us-bis-el", "region:cn-xj"}
    for r in store.iter_rels():
        if r["type"] in ("PART_OF", "ADMINISTERS", "ESTABLISHED_BY") and doc_id not in r["props"]["sources"]:
            continue
        assert r["props"]["sources"] == [doc_id]
        for raw in r["props"]["evidence"]:
            ev = json.loads(raw)
            body = load_document(path).body
            assert body[ev["start"]:ev["end"]] == ev["text"]
    assert not [r for r in store.iter_rels("LISTED_ON") if r["src"] == "company:hikvision"
                and r["dst"] == "list:us-ofac-sdn"]
    sdn = [r for r in store.iter_rels("CONSIDERED_FOR") if r["dst"] == "list:us-ofac-sdn"]
    assert [r["props"]["modality"] for r in sdn] == ["hypothetical"]
    before = store.dump()
    load_paths(store, [path])
    assert store.dump() == before  # reloading changes nothing


def test_load_into_a_store_with_reference_data(shared, tmp_path):
    from sanctions_kg.graph.load import load_paths
    from sanctions_kg.loaders.reference import REFERENCE_PATH

    store = EmbeddedStore(tmp_path / "store.json")
    load_paths(store, [REFERENCE_PATH])
    n_lists = store.stats()["nodes"]["SanctionList"]
    rows = load_paths(store, [shared / NEWS])
    assert rows[0]["error"] is None
    assert store.stats()["nodes"]["SanctionList"] == n_lists
    el = [r for r in store.iter_rels("LISTED_ON") if r["dst"] == "list:us-bis-el"]
    assert [(r["src"], r["props"]["listed_on"]) for r in el] == [("company:hikvision", "2019-10")]


def test_cli_extract_json(shared, run_cli):
    result = run_cli("extract", shared / NEWS, "--format", "json")
    data = json.loads(result.output)
    assert data["document"]["published"] == "2022-05-07"
    assert set(data["claims"][0]) >= {"subject", "predicate", "object", "modality", "date", "region", "evidence"}
    assert set(data["claims"][0]["evidence"]) == {"text", "start", "end"}


def test_cli_extract_bad_file_is_a_clean_error(tmp_path, run_cli):
    bad = tmp_path / "empty.txt"
    bad.write_text("")
    result = run_cli("extract", bad, ok=False)
    assert result.exit_code != 0 and "empty" in result.output and "Traceback" not in result.output


def test_relative_dates_need_a_publication_date(tmp_path, gaz):
    path = Path(tmp_path / "nodate.txt")
    path.write_text("Acme Robotics Co., Ltd. was added to the Entity List last June.", encoding="utf-8")
    assert one(extract(load_document(path), gaz).claims, "LISTED_ON").date is None
    assert one(extract(load_document(path, published="2022-05-07"), gaz).claims, "LISTED_ON").date == "2021-06"


def test_loader_context_published_option(tmp_path):
    from sanctions_kg.loaders.document import read

    path = tmp_path / "nodate.txt"
    path.write_text("title: t\n\nAcme Robotics Co., Ltd. was added to the Entity List last June.", encoding="utf-8")
    ctx = LoadContext(store=None, options={"published": "2022-05-07"}, path=path)
    rels = [f for f in read(path, ctx) if getattr(f, "type", None) == "LISTED_ON"]
    assert [r.props["listed_on"] for r in rels] == ["2021-06"]


def test_a_document_corroborates_the_stored_listing_instead_of_adding_a_period(tmp_path):
    """'Since October 2019' or 'on October 7' joins the list file's 2019-10-09 listing; 2022 does not."""
    from sanctions_kg.graph.embedded import EmbeddedStore
    from sanctions_kg.graph.facts import Evidence, Node, Rel
    from sanctions_kg.graph.pipeline import build
    from sanctions_kg.graph.resolve import Resolver
    from sanctions_kg.loaders.document import read
    from sanctions_kg.loaders.reference import REFERENCE_PATH
    from sanctions_kg.loaders.reference import read as read_reference
    from sanctions_kg.loaders.registry import LoadContext

    store = EmbeddedStore(tmp_path / "s.json")
    build(read_reference(REFERENCE_PATH, LoadContext(path=REFERENCE_PATH)), store)
    doc = Node("Document", "el-row", {"kind": "list_snapshot"})
    hik = Node("Company", "Hangzhou Hikvision Digital Technology Co., Ltd.", {"aliases": ["Hikvision"]})
    build([doc, hik, Rel("LISTED_ON", hik.id, "list:us-bis-el", {"listed_on": "2019-10-09"},
                         [Evidence(doc.id)])], store)

    def load(name, text):
        path = tmp_path / name
        path.write_text(f"title: {name}\npublished: 2022-05-05\n\n{text}\n", encoding="utf-8")
        ctx = LoadContext(store=store, path=path)
        build(read(path, ctx), store, resolver=Resolver(store))
        return sorted(r["props"]["listed_on"] for r in store.out_rels(hik.id, "LISTED_ON"))

    assert load("a.txt", "Hikvision has been on the Entity List since October 2019.") == ["2019-10-09"]
    [rel] = list(store.out_rels(hik.id, "LISTED_ON"))
    assert len(rel["props"]["sources"]) == 2
    assert load("b.txt", "On March 1, 2022, the Bureau of Industry and Security added Hikvision to the "
                         "Entity List.") == ["2019-10-09", "2022-03-01"]


# --------------------------------------------------- session 5: entities, lists, dates
# Fictional parties; each case is a construction that the blind rounds showed failing in
# general (an entity cut or dropped, a list or date resolved wrongly), not one sentence.

def test_an_unknown_name_its_apposition_calls_a_company_is_a_party_even_short(gaz):
    claims = claims_of("OFAC added Qorvex, a Latvia-based bulletproof hosting provider, to the SDN List. "
                       "The Defense Department added QXL, the world's largest maker of garden drones, "
                       "to its list of Chinese military companies.", gaz, "2024-06-01")
    assert rows(claims, "LISTED_ON", "subject", "object") == {("Qorvex", "list:us-ofac-sdn"),
                                                             ("QXL", "list:us-dod-1260h")}
    # no apposition, no party: a lone unknown word may be a place
    assert not [c for c in claims_of("OFAC added Qorvex to the list, officials said.", gaz)
                if c.predicate == "LISTED_ON"]


def test_a_names_leading_asia_united_and_peoples_stay_part_of_the_name(gaz):
    ex = extract(parse_document("published: 2024-06-01\n\nThe EU added Asia Nova Links Ltd, a Hong Kong-registered "
                                "trader, to its sanctions list. The People's Liberation Army uses its parts and those "
                                "of United Vireo Aircraft Corporation."), gaz)
    names = {e.name for e in ex.entities.values()}
    assert {"Asia Nova Links Ltd.", "People's Liberation Army", "United Vireo Aircraft Corporation"} <= names
    assert not names & {"Nova Links Ltd.", "Liberation Army", "Vireo Aircraft Corporation"}
    assert rows(ex.claims, "LISTED_ON", "subject", "object") == {("Asia Nova Links Ltd.", "list:eu-fsf")}


def test_a_news_lede_dates_the_action_by_its_weekday_not_its_dateline(gaz):
    text = ("WASHINGTON, June 12 (Wire) - The U.S. Treasury Department on Monday blacklisted five companies "
            "and three individuals.\n\nThe Office of Foreign Assets Control added Teral Systems Ltd. to its "
            "Specially Designated Nationals list.")
    assert rows(claims_of(text, gaz, "2018-06-12"), "LISTED_ON", "subject", "date") == {
        ("Teral Systems Ltd.", "2018-06-11")}


def test_an_agency_keeping_a_list_is_asserted_whatever_the_sentence_wonders(gaz):
    claims = claims_of("The FCC could add Vexa Drones Co., Ltd. to the Covered List, which it maintains, "
                       "people familiar with the matter said.", gaz)
    adm = one(claims, "ADMINISTERS")
    assert (adm.subject["id"], adm.object["id"], adm.modality) == ("agency:us-fcc", "list:us-fcc-covered", "asserted")
    assert one(claims, "CONSIDERED_FOR").modality == "hypothetical"


def test_people_named_in_a_counted_group_and_later_by_surname(gaz):
    text = ("On February 11, 2025, OFAC added Qorvex, a hosting provider, and two of its administrators, "
            "Ivan Sergeyevich Morozov and Pavel Andreyevich Sokolov, to the SDN List.\n\n"
            "The same day Britain placed Qorvex, Morozov and Pavel Sokolov on the UK sanctions list.")
    ex = extract(parse_document(f"published: 2025-02-13\n\n{text}"), gaz)
    listed = {(c.subject["name"], c.subject["label"], c.object["id"]) for c in ex.claims if c.predicate == "LISTED_ON"}
    assert listed == {(name, label, lst) for name, label in (("Qorvex", "Company"),
                                                            ("Ivan Sergeyevich Morozov", "Person"),
                                                            ("Pavel Andreyevich Sokolov", "Person"))
                      for lst in ("list:us-ofac-sdn", "list:gb-fcdo-sanctions")}


def test_a_list_named_by_the_agency_that_keeps_it(gaz):
    claims = claims_of("The EU added Ivan Petrov to its sanctions list. The U.S. Defense Department added "
                       "Norvik Optics Co., Ltd. to its list of Chinese military companies. OFAC added Kestrel "
                       "Photonics Co., Ltd. to its sectoral sanctions list.", gaz, "2024-06-01")
    assert rows(claims, "LISTED_ON", "subject", "object") == {("Ivan Petrov", "list:eu-fsf"),
                                                             ("Norvik Optics Co., Ltd.", "list:us-dod-1260h"),
                                                             ("Kestrel Photonics Co., Ltd.", "list:us-ofac-ssi")}
    # words that name none of the agency's lists name no list; none at all: its principal list
    assert not [c for c in claims_of("BIS added Norvik Optics Co., Ltd. to its watch list.", gaz)
                if c.predicate == "LISTED_ON"]
    assert rows(claims_of("Norvik Optics Co., Ltd. is on the Pentagon's list.", gaz), "LISTED_ON", "object",
                flat=True) == {"list:us-dod-1260h"}


def test_a_designation_naming_no_list_lands_on_the_agencys_principal_list(gaz):
    claims = claims_of("OFAC designated the Hollin Valley Trading Corporation in July. The Treasury Department "
                       "sanctioned Marrow Shipping Ltd. on Monday. BIS added Kestrel Photonics Co., Ltd. on Tuesday.",
                       gaz, "2024-06-01")
    assert rows(claims, "LISTED_ON", "subject", "object") == {
        ("Hollin Valley Trading Corporation", "list:us-ofac-sdn"), ("Marrow Shipping Ltd.", "list:us-ofac-sdn"),
        ("Kestrel Photonics Co., Ltd.", "list:us-bis-el")}
    assert gaz.principal_list("agency:us-treasury") == "list:us-ofac-sdn"   # through OFAC, part of it
    assert gaz.principal_list("agency:us-state") is None


def test_names_with_numbers_legal_forms_before_of_and_generic_pairs(gaz):
    ex = extract(parse_document(
        "published: 2024-06-01\n\nBIS added Tianhe Electronics Group Corporation 27 Research Institute, Korsak "
        "Labs Limited of the United Kingdom and Yunmo Storage and Transportation Co., Ltd. to the Entity List."), gaz)
    assert rows(ex.claims, "LISTED_ON", "subject", flat=True) == {
        "Tianhe Electronics Group Corporation 27 Research Institute", "Korsak Labs Limited",
        "Yunmo Storage and Transportation Co., Ltd."}


def test_a_business_description_does_not_refer_to_an_army_or_a_ministry(gaz):
    claims = claims_of("Kestrel Photonics Co., Ltd. was added to the Entity List. Its lenses help the People's "
                       "Liberation Army. The Shenzhen-based lens maker denies any military ties.", gaz)
    located = rows(claims, "LOCATED_IN", "subject", "object")
    assert located == {("Kestrel Photonics Co., Ltd.", "region:cn-shenzhen")}


def test_a_listing_frames_the_next_few_paragraphs(gaz):
    text = ("On March 4 the Bureau of Industry and Security added five companies to the Entity List.\n\n"
            "The rule says they supplied drone parts.\n\n"
            "Two of them are in Shenzhen, where the bureau has been looking for months.\n\n"
            "Also listed was Velora Optics Co., Ltd.")
    listed = rows(claims_of(text, gaz, "2024-03-06"), "LISTED_ON", "subject", "object", "date")
    assert listed == {("Velora Optics Co., Ltd.", "list:us-bis-el", "2024-03-04")}


# ------------------------------------------------------- many documents in one load
FIRST = """title: Commerce lists a robotics maker
published: 2024-03-04

The Commerce Department added Quillon Robotics Technology Co., Ltd. to the Entity List on Friday,
citing national security concerns. Quillon Robotics is based in Chengdu.
"""
SECOND = """title: Treasury follows
published: 2024-05-06

The Treasury Department on Monday designated Quillon Robotics and its founder under its
Russia-related program, adding the company to the Specially Designated Nationals List.
"""


def _write_docs(folder: Path) -> list[Path]:
    folder.mkdir()
    paths = [folder / "a-first.txt", folder / "b-second.txt"]
    for path, text in zip(paths, (FIRST, SECOND)):
        path.write_text(text, encoding="utf-8")
    return paths


def test_documents_loaded_together_give_the_store_they_give_one_by_one(tmp_path):
    """load_paths keeps the resolver, the gazetteer (extended by each document) and the
    file's save across the files of one load; the graph must be the one a load per file makes."""
    from sanctions_kg.graph.load import load_paths
    from sanctions_kg.loaders.reference import REFERENCE_PATH

    paths = _write_docs(tmp_path / "docs")
    together, apart = EmbeddedStore(tmp_path / "together.json"), EmbeddedStore(tmp_path / "apart.json")
    for store in (together, apart):
        load_paths(store, [REFERENCE_PATH])
    rows = load_paths(together, paths)
    assert [r["error"] for r in rows] == [None, None]
    for path in paths:
        load_paths(apart, [path])
    assert together.dump() == apart.dump()
    assert EmbeddedStore(tmp_path / "together.json").dump() == together.dump()  # saved at the end
    # the second document knows the company the first one brought in, by its short name
    sdn = [r["src"] for r in together.iter_rels("LISTED_ON") if r["dst"] == "list:us-ofac-sdn"]
    assert sdn == ["company:quillon-robotics-technology-co-ltd"]


def test_a_load_shows_a_saving_step_only_for_a_store_that_saves_a_file(tmp_path):
    from rich.progress import Progress

    from sanctions_kg.graph.load import load_paths

    paths = _write_docs(tmp_path / "docs")
    for store, saving in ((EmbeddedStore(tmp_path / "s.json"), [f"saving {tmp_path / 's.json'}"]),
                          (EmbeddedStore(None), [])):
        with Progress(disable=True) as progress:
            load_paths(store, paths, progress=progress)
        assert [t.description for t in progress.tasks if t.description.startswith("saving")] == saving


def test_a_document_after_another_in_an_empty_store_still_knows_every_list(tmp_path):
    """The first document writes only the lists it names; the second must still find the others
    (the gazetteer keeps the packaged reference data underneath the store)."""
    from sanctions_kg.graph.load import load_paths

    first, second = _write_docs(tmp_path / "docs")
    store = EmbeddedStore(tmp_path / "store.json")
    load_paths(store, [first])
    assert store.get_node("list:us-ofac-sdn") is None
    load_paths(store, [second])
    alone = extract(load_document(second), Gazetteer.from_reference())
    assert one(alone.claims, "LISTED_ON").object["id"] == "list:us-ofac-sdn"
    assert [r["dst"] for r in store.iter_rels("LISTED_ON")
            if r["props"]["sources"] == ["doc:b-second-txt"]] == ["list:us-ofac-sdn"]


def test_cli_load_of_a_folder_loads_its_documents_and_passes_over_other_files(tmp_path, run_cli, monkeypatch):
    _write_docs(tmp_path / "docs")
    (tmp_path / "docs" / "scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    (tmp_path / "docs" / ".hidden.txt").write_text("title: x\n\nnot loaded", encoding="utf-8")
    monkeypatch.setenv("SKG_STORE", str(tmp_path / "store.json"))
    result = run_cli("load", tmp_path / "docs")
    assert "a-first.txt" in result.output and "b-second.txt" in result.output
    assert "passed over 1 file(s) no loader recognises" in result.output and "scan.png" in result.output
    store = EmbeddedStore(tmp_path / "store.json")
    assert {n["id"] for n in store.iter_nodes("Document")} == {"doc:a-first-txt", "doc:b-second-txt"}


def test_gazetteer_absorbs_new_parties_but_not_other_nodes():
    gaz = Gazetteer.from_reference()
    store = EmbeddedStore(None)

    def written(node: dict) -> dict[str, str]:
        store.upsert_nodes([node])
        return {node["id"]: node["label"]}

    text = "Quillon Robotics Technology Co., Ltd. (QRT) was added to the Entity List."
    assert [h.entry.id for h in gaz.find(text)] == ["list:us-bis-el"]
    node = {"id": "company:quillon", "label": "Company",
            "props": {"name": "Quillon Robotics Technology Co., Ltd.", "aliases": ["QRT"]}}
    assert gaz.absorb(store, written(node))
    assert [h.entry.id for h in gaz.find(text)] == ["company:quillon", "company:quillon", "list:us-bis-el"]
    assert gaz.resolve_party("Quillon Robotics") == "company:quillon"
    # a new alias of a party taken in before: found too, under the same entry
    assert gaz.absorb(store, written({**node, "props": {**node["props"], "aliases": ["QRT", "Quillon Automation"]}}))
    assert [h.entry.id for h in gaz.find("Quillon Automation said")] == ["company:quillon"]
    # lists, agencies, regions feed more than names: the caller must rebuild
    before = gaz.size
    assert not gaz.absorb(store, written({"id": "list:xx", "label": "SanctionList", "props": {"name": "Blue List"}}))
    assert gaz.size == before and gaz.find("the Blue List") == []


@pytest.mark.parametrize("later, same", [
    ("Quillon Robotics said it would appeal.", True),        # its first words: the same company
    ("Quillon Holdings Ltd. said it would appeal.", False),  # another company of the group
])
def test_a_shorter_form_of_a_new_company_is_that_company(later, same):
    text = ("The Commerce Department added Quillon Robotics Technology Co., Ltd. to the Entity List "
            "on Friday. " + later)
    ex = extract(parse_document("published: 2024-03-04\n\n" + text), Gazetteer.from_reference())
    companies = {e.name for e in ex.entities.values() if e.label == "Company"}
    assert ("Quillon Robotics Technology Co., Ltd." in companies) and (len(companies) == 1) == same


# ------------------------------------------------------- officials of agencies (session 6)
@pytest.mark.parametrize("sentence, person, agency", [
    ("Commerce Secretary Marta Quillfeather said the rule would stand.", "Marta Quillfeather", "agency:us-doc"),
    ("Deputy Commerce Secretary Marta Quillfeather spoke.", "Marta Quillfeather", "agency:us-doc"),
    ("Secretary of State Tobias Wrenfield said so in a statement.", "Tobias Wrenfield", "agency:us-state"),
    ("FCC Chairwoman Ilse Marchbank said the carriers posed a risk.", "Ilse Marchbank", "agency:us-fcc"),
    ("Orla Penhallow, BIS's assistant secretary for export enforcement, said the firms lied.",
     "Orla Penhallow", "agency:us-bis"),
    ("Under Secretary of the Treasury for Terrorism and Financial Intelligence Cassius P. Thornbury "
     "announced the action.", "Cassius P. Thornbury", "agency:us-treasury"),
    ("Beijing will raise it during Secretary of State Tobias Wrenfield's visit.", "Tobias Wrenfield",
     "agency:us-state"),
    # the office names an agency of its own: the bureau, not the department
    ("Under Secretary of Commerce for Industry and Security Orla Penhallow said the rule was final.",
     "Orla Penhallow", "agency:us-bis"),
])
def test_an_official_is_affiliated_with_the_agency_the_title_names(sentence, person, agency):
    ex = extract(parse_document("published: 2024-03-04\n\n" + sentence), Gazetteer.from_reference())
    aff = one(ex.claims, "AFFILIATED_WITH")
    assert (aff.subject["name"], aff.subject["label"], aff.object["id"], aff.modality) == \
        (person, "Person", agency, "asserted")


def test_an_office_is_no_person():
    text = ("Treasury's Under Secretary for Terrorism and Financial Intelligence said the network "
            "moved funds for the state's commerce secretary.")
    ex = extract(parse_document("published: 2024-03-04\n\n" + text), Gazetteer.from_reference())
    assert [e.name for e in ex.entities.values() if e.label == "Person"] == []
    assert [c for c in ex.claims if c.predicate == "AFFILIATED_WITH"] == []


def test_departments_are_read_from_the_agencies_names():
    deps = Gazetteer.from_reference().departments()
    assert deps["Commerce"] == "agency:us-doc" and deps["State"] == "agency:us-state"
    assert deps["Treasury"] == "agency:us-treasury" and deps["Homeland Security"] == "agency:us-dhs"


def test_a_person_read_as_one_can_be_designated():
    """A name the rules read as a person's ("X, a Russian official") is a party like any other."""
    text = "OFAC on Monday designated Ivo Strelkovsky, a Russian official, and Tarn Holdings LLC."
    ex = extract(parse_document("published: 2024-03-04\n\n" + text), Gazetteer.from_reference())
    listed = {(c.subject["name"], c.subject["label"]) for c in ex.claims
              if c.predicate == "LISTED_ON" and c.object["id"] == "list:us-ofac-sdn"}
    assert listed == {("Ivo Strelkovsky", "Person"), ("Tarn Holdings LLC", "Company")}


def test_that_day_is_the_day_the_sentence_before_names():
    text = ("OFAC added Tarn Holdings LLC to the SDN list on June 3. The August round followed a July 8 "
            "action against a shipping network. That day OFAC designated Ivo Strelkovsky, a Russian official.")
    ex = extract(parse_document("published: 2025-09-02\n\n" + text), Gazetteer.from_reference())
    dates = {c.subject["name"]: c.date for c in ex.claims if c.predicate == "LISTED_ON"}
    assert dates == {"Tarn Holdings LLC": "2025-06-03", "Ivo Strelkovsky": "2025-07-08"}


@pytest.mark.parametrize("text, listed, on", [
    ("OFAC designated three entities on Tuesday. The designated entities are Tarn Holdings LLC, "
     "Borrin Shipping Ltd. and Cuskwell Logistics Co., Ltd.",
     {"Tarn Holdings LLC", "Borrin Shipping Ltd.", "Cuskwell Logistics Co., Ltd."}, "list:us-ofac-sdn"),
    ("The UK has today sanctioned one company and two individuals for cyber attacks. The designated "
     "company is Wexley Data Services Limited, a front company.", {"Wexley Data Services Limited"},
     "list:gb-fcdo-sanctions"),
])
def test_a_group_an_agency_designates_frames_the_names_that_follow(text, listed, on):
    """The agency names no list: the listing told is on the list it designates to."""
    ex = extract(parse_document("published: 2024-03-27\n\n" + text), Gazetteer.from_reference())
    got = {c.subject["name"] for c in ex.claims if c.predicate == "LISTED_ON" and c.object["id"] == on}
    assert got == listed


def test_a_place_code_in_brackets_is_no_alias():
    """The rule of bracketed aliases is one (mentions.is_bracketed_alias) for shapes and acronyms."""
    from sanctions_kg.loaders.mentions import is_bracketed_alias

    assert is_bracketed_alias("NUDT", ["National", "University", "of", "Defense", "Technology"])
    assert is_bracketed_alias("Serniya", ["OOO", "Serniya", "Engineering"])
    assert not is_bracketed_alias("HK", ["Kestrel", "Trading", "Limited"])
    assert not is_bracketed_alias("Shanshan", ["Hoshine", "Silicon", "Industry"])
    text = "The Commerce Department added Kestrel Trading Co., Ltd. (HK) and Gannet Systems (GSX) to the Entity List."
    ex = extract(parse_document("published: 2024-03-04\n\n" + text), Gazetteer.from_reference())
    aliases = {e.name: e.aliases for e in ex.entities.values() if e.label == "Company"}
    assert "HK" not in aliases.get("Kestrel Trading Co., Ltd.", []) and "GSX" in aliases.get("Gannet Systems", [])


def test_listed_persons_are_found_as_prose_writes_their_names():
    """The lists file "SURNAME, Given Names"; articles write "Given Surname", often without the
    patronymic, and Chinese and Korean names surname first. A form two persons share names
    neither of them."""
    ref = Gazetteer.from_reference()
    people = [Entry("person:strelkovsky-ivo-petrovich", "Person", "STRELKOVSKY, Ivo Petrovich", (), {"country": "ru"}),
              Entry("person:tarn-weilun", "Person", "TARN, Weilun", (), {"country": "cn"}),
              Entry("person:orlo-dan-a", "Person", "ORLO, Dan Anatol", ()),
              Entry("person:orlo-dan-b", "Person", "ORLO, Dan Boris", ())]
    gaz = Gazetteer([*ref.entries.values(), *people])
    text = "OFAC designated Ivo Strelkovsky, Tarn Weilun, Dan Orlo and Dan Boris Orlo."
    found = {text[h.start:h.end]: h.entry.id for h in gaz.find(text)}
    assert found == {"OFAC": "agency:us-ofac", "Ivo Strelkovsky": "person:strelkovsky-ivo-petrovich",
                     "Tarn Weilun": "person:tarn-weilun", "Dan Boris Orlo": "person:orlo-dan-b"}
    # a person taken in from a document's load is found the same way
    store = EmbeddedStore(None)
    node = {"id": "person:vesk-anna-ilinichna", "label": "Person",
            "props": {"name": "VESK, Anna Ilinichna", "country": "ru"}}
    store.upsert_nodes([node])
    assert ref.absorb(store, {node["id"]: "Person"})
    assert [h.entry.id for h in ref.find("Anna Vesk was named.")] == ["person:vesk-anna-ilinichna"]

    # and, known as a person, is told of like one: "a Russian programmer" is where he is
    claims = claims_of("OFAC designated Ivo Strelkovsky, a Russian programmer, on Monday.", gaz)
    assert ("person:strelkovsky-ivo-petrovich", "LOCATED_IN", "region:ru") in {
        (c.subject["id"], c.predicate, c.object["id"]) for c in claims}


def test_people_named_with_no_title_and_the_group_they_make(gaz):
    """A run of capitalised words that starts with a given name (or a Chinese or Korean surname)
    is a person; "The three are A, B and C" names a group that "all three" refers to."""
    claims = claims_of("OFAC and the UK sanctioned three men it ties to the Verdane ransomware crew. The three "
                       "are Ivan Orlovsky, Maksim Tervel and Zhao Lingwei. OFAC added all three to its SDN list "
                       "on Tuesday. Analysts said O Yong Hwan, a North Korean banker, was not named.", gaz)
    assert rows(claims, "LISTED_ON", "subject", "label", "object") == {
        ("Ivan Orlovsky", "Person", "list:us-ofac-sdn"), ("Maksim Tervel", "Person", "list:us-ofac-sdn"),
        ("Zhao Lingwei", "Person", "list:us-ofac-sdn")}
    # a name's start inside a longer run of capitals is no name of its own ("Yong Hwan")
    assert not any("Yong Hwan" == c.subject["name"] for c in claims)


@pytest.mark.parametrize("text, expected", [
    # a shorter form of a person named in full is that person
    ("OFAC designated Zervas Ltd. and its administrator, Aleksandr Petrovich Voskov. The UK later added "
     "Aleksandr Voskov to its sanctions list.",
     {("Aleksandr Petrovich Voskov", "LISTED_ON", "list:gb-fcdo-sanctions")}),
    # a nationality and a role before a person
    ("OFAC sanctioned Burmese arms broker Aung Thet Lin in October.",
     {("Aung Thet Lin", "LOCATED_IN", "region:mm")}),
    # a person's own company, and the company a person founded
    ("OFAC sanctioned Zhou Renfeng, a Shanghai-based data broker, and his company, Qilan Data Co., Ltd.",
     {("Zhou Renfeng", "AFFILIATED_WITH", "Qilan Data Co., Ltd."), ("Zhou Renfeng", "LOCATED_IN", "region:cn-sh")}),
    ("OFAC sanctioned Aung Kyaw Lin, the company he founded, Sittan Trading Company Limited, and two of its directors.",
     {("Aung Kyaw Lin", "AFFILIATED_WITH", "Sittan Trading Company Limited")}),
    # nationals, affiliates, founders, officers, parents and fronts
    ("On May 7, 2024, OFAC sanctioned Dmitry Vorskov, a Russian national, and two affiliates, Ivan Orlovsky and "
     "Maksim Tervel, both Russian nationals.",
     {("Dmitry Vorskov", "LOCATED_IN", "region:ru"), ("Ivan Orlovsky", "LOCATED_IN", "region:ru"),
      ("Maksim Tervel", "LOCATED_IN", "region:ru")}),
    ("On June 2, 2023, OFAC designated Quillon Cloud, an Iran-based cloud provider, together with its UAE-based "
     "affiliate, Quillon Global Technologies LLC.",
     {("Quillon Global Technologies LLC", "AFFILIATED_WITH", "Quillon Cloud")}),
    ("Tervane Robotics was founded in 2016 by Wang Lingfeng, who remains its chief executive.",
     {("Wang Lingfeng", "AFFILIATED_WITH", "Tervane Robotics")}),
    ("The sanctions also reached Quillon Defense Group's president, Ivan Orlovsky, who signed the contract.",
     {("Ivan Orlovsky", "AFFILIATED_WITH", "Quillon Defense Group")}),
    ("Xinjiang Quillon Group is the parent of Xinjiang Quillon Chemical Co., Ltd., which has been on the list "
     "since 2023.", {("Xinjiang Quillon Chemical Co., Ltd.", "SUBSIDIARY_OF", "Xinjiang Quillon Group")}),
    ("The Tervane Reconnaissance Bureau, a component of the Hollis General Bureau, builds cyber tools.",
     {("Tervane Reconnaissance Bureau", "SUBSIDIARY_OF", "Hollis General Bureau")}),
    ("OFAC designated Quillon Science and Technology Company Limited, a Wuhan-based front company for the "
     "Hollis Security Bureau.", {("Quillon Science and Technology Company Limited", "AFFILIATED_WITH",
                                  "Hollis Security Bureau")}),
])
def test_what_prose_tells_of_persons_and_parties_around_a_name(gaz, text, expected):
    got = triples(claims_of(text, gaz))
    assert expected <= got, got


@pytest.mark.parametrize("text, expected, absent", [
    # a group by its nationality, named after a colon
    ("The law bars purchases from four Chinese companies: Quillon Battery Co., Ltd., Tervane Energy and "
     "Hollis Cell Technology.",
     {("Quillon Battery Co., Ltd.", "LOCATED_IN", "region:cn"), ("Tervane Energy", "LOCATED_IN", "region:cn"),
      ("Hollis Cell Technology", "LOCATED_IN", "region:cn")}, set()),
    # a city the graph does not know before the province it does, with or without "which is"
    ("Quillon Battery, headquartered in Ningde in Fujian Province, is the largest maker of cells.",
     {("Quillon Battery", "LOCATED_IN", "region:cn-fj")}, set()),
    ("Tervane Energy is based in Huizhou, Guangdong, and exports to Europe.",
     {("Tervane Energy", "LOCATED_IN", "region:cn-gd")}, set()),
    # a subsidiary described by its place, and the parent after a place adjective
    ("Hollis Design Inc. and its wholly owned Shanghai-based subsidiary, Hollis Design (Shanghai) Co., Ltd., "
     "exported software.",
     {("Hollis Design (Shanghai) Co., Ltd.", "SUBSIDIARY_OF", "Hollis Design Inc."),
      ("Hollis Design (Shanghai) Co., Ltd.", "LOCATED_IN", "region:cn-sh")}, set()),
    ("Quillon Telecom (Americas), the U.S. subsidiary of Chinese state carrier Quillon Telecom, lost its licence.",
     {("Quillon Telecom (Americas)", "SUBSIDIARY_OF", "Quillon Telecom")}, set()),
    # an affiliate is tied to the company, not owned by it; an adjective is no parent
    ("BIS added Tervane Parsian, an Iranian affiliate of Tervane Corporation, to the Entity List.",
     {("Tervane Parsian", "AFFILIATED_WITH", "Tervane Corporation")},
     {("Tervane Parsian", "SUBSIDIARY_OF", "Tervane Corporation")}),
    ("BIS added Hollis Nantong Technical Center, a Chinese subsidiary of a Japanese auto-parts maker, to the "
     "Entity List.", set(), {("Hollis Nantong Technical Center", "SUBSIDIARY_OF", "Japanese")}),
])
def test_places_parents_and_affiliates_told_around_a_name(gaz, text, expected, absent):
    got = triples(claims_of(text, gaz))
    assert expected <= got and not absent & got, got


def test_a_country_word_is_no_party_and_a_members_description_no_doubt(gaz):
    """"British investigators" names no party; "its alleged leader X" describes X, it does not
    make the listing an allegation."""
    claims = claims_of("The Foreign Office added 16 people tied to the gang to the UK sanctions list, among them "
                       "its alleged leader Maksim Tervel, and Igor Varnaev, whom British investigators called his "
                       "deputy.", gaz)
    assert rows(claims, "LISTED_ON", "subject", "modality") == {("Maksim Tervel", "asserted"),
                                                                ("Igor Varnaev", "asserted")}
    assert rows(claims, "CONSIDERED_FOR", "subject") == set()


def test_both_refers_to_the_last_group_of_two(gaz):
    claims = claims_of("OFAC added Quillon Robotics Co., Ltd. and Tervane Energy Ltd. to the SDN list in May. "
                       "Unlike their parent, both were added to the Entity List on June 3, 2021.", gaz)
    assert rows(claims, "LISTED_ON", "subject", "date") >= {("Quillon Robotics Co., Ltd.", "2021-06-03"),
                                                           ("Tervane Energy Ltd.", "2021-06-03")}


def test_cli_extracts_a_folder_in_parallel_the_same_as_one_by_one(tmp_path, run_cli):
    """Several documents: jsonl, one object per document in name order, whatever --jobs;
    a bad file is named on stderr, the others are printed and the exit status is 1;
    a list file in the folder is passed over."""
    paths = _write_docs(tmp_path / "docs")
    (tmp_path / "docs" / "c-bad.txt").write_bytes(b"\x00\x01 not text")
    (tmp_path / "docs" / "sdn.csv").write_text('36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- \n')
    one_by_one = [json.loads(run_cli("extract", p, "--format", "json").stdout) for p in paths]
    for jobs in ("1", "2"):
        result = run_cli("extract", tmp_path / "docs", "--format", "jsonl", "--jobs", jobs, ok=False)
        assert result.exit_code == 1
        assert [json.loads(line) for line in result.stdout.splitlines()] == one_by_one
        assert "c-bad.txt: binary file" in result.stderr and "passed over 1 file(s)" in result.stderr
    assert [d["claims"] for d in one_by_one] != [[], []]


@pytest.mark.parametrize("text, expected", [
    # a relative clause the agency designates in
    ("The bureau oversees units tied to the Verdane Group, which OFAC designated in September 2019.",
     {("Verdane Group", "list:us-ofac-sdn", "2019-09")}),
    # a possessive before the party, and the progressive of a press release
    ("On June 21, 2023, OFAC designated Burma's Ministry of Energy together with two lenders, Tervane Bank and "
     "Hollis Bank.", {("Ministry of Energy", "list:us-ofac-sdn", "2023-06-21"),
                      ("Tervane Bank", "list:us-ofac-sdn", "2023-06-21"), ("Hollis Bank", "list:us-ofac-sdn", "2023-06-21")}),
    ("On May 23, 2023, OFAC is designating Quillon Trading Co., Ltd. and Kim Tae Ho, its representative.",
     {("Quillon Trading Co., Ltd.", "list:us-ofac-sdn", "2023-05-23"), ("Kim Tae Ho", "list:us-ofac-sdn", "2023-05-23")}),
    # those designated alongside parties just listed share their listing
    ("On September 14, 2022, OFAC added Quillon Trading Co., Ltd. and Tervane Systems Ltd. to the SDN list. Both are "
     "in Yazd. The individuals designated alongside them include Ivan Orlovsky and Maksim Tervel.",
     {("Quillon Trading Co., Ltd.", "list:us-ofac-sdn", "2022-09-14"), ("Tervane Systems Ltd.", "list:us-ofac-sdn", "2022-09-14"),
      ("Ivan Orlovsky", "list:us-ofac-sdn", "2022-09-14"), ("Maksim Tervel", "list:us-ofac-sdn", "2022-09-14")}),
    # ... but not a listing told paragraphs before
    ("In 2021 OFAC added Quillon Trading Co., Ltd. to the SDN list.\n\nThe war changed the market. Prices rose. "
     "Later OFAC moved against Hollis Air Services. Three manufacturers were designated alongside it: Tervane "
     "Engines Co., Ltd. and Orlo Parts Co., Ltd.", {("Quillon Trading Co., Ltd.", "list:us-ofac-sdn", "2021")}),
    # a day before its month (British order), and a date in a relative clause that dates no listing
    ("On 10 October, the FCDO sanctioned Tervane Systems Ltd. for human rights violations.",
     {("Tervane Systems Ltd.", "list:gb-fcdo-sanctions", "2022-10-10")}),
    ("Last Wednesday OFAC designated Hollis Bank Ltd. It was added to the SDN list as an instrumentality of the "
     "regime that seized power in February 2021.", {("Hollis Bank Ltd.", "list:us-ofac-sdn", "2022-10-19")}),
])
def test_listings_told_by_relative_clauses_possessives_and_companions(gaz, text, expected):
    claims = claims_of(text, gaz, published="2022-10-20" if "10 October" in text or "Last Wednesday" in text
                       else "2023-06-30")
    assert rows(claims, "LISTED_ON", "subject", "object", "date") == expected


def test_four_officials_is_no_page_furniture_and_names_its_group(gaz):
    """A furniture cue counts where a word begins ("our official" app, not "four officials"),
    and the officials after the colon are the group "all three" refers to."""
    claims = claims_of("Full blocking was reserved for three officials: the agency's president, Ivan Orlovsky; its "
                       "vice president, Maksim Tervel; and Zhao Lingwei, a program manager. OFAC added all three to "
                       "the SDN List on Monday.", gaz)
    assert rows(claims, "LISTED_ON", "subject", flat=True) == {"Ivan Orlovsky", "Maksim Tervel", "Zhao Lingwei"}


def test_a_cue_in_long_prose_is_no_furniture_but_a_short_link_line_is():
    """"also read", "next in" are ordinary phrases of long paragraphs; in a short line they
    are page furniture; a promo ("our new platform") is furniture whatever the length."""
    text = ("published: 2025-01-20\n\nBIS added Quillon Robotics Co., Ltd. to the Entity List on January 15, 2025. "
            "Listed parties now need a license for all items subject to the Export Administration Regulations, "
            "and applications face a presumption of denial. Foundries should also read these listings together "
            "with the due-diligence rules that BIS released the same week, which tighten the checks on advanced "
            "chips.\n\nAlso read: Tervane Systems Ltd. added to the Entity List\n\nDo you have questions about the "
            "biggest topics? Get the answers with our new platform of curated content with explainers, FAQs, "
            "analyses and infographics brought to you by our award-winning team, covering everything from trade "
            "to technology and the Entity List.")
    doc = parse_document(text)
    kinds = [(b.kind, b.text[:12]) for b in doc.blocks]
    assert kinds == [("prose", "BIS added Qu"), ("furniture", "Also read: T"), ("furniture", "Do you have ")]


def test_legal_forms_of_more_countries_make_company_names(gaz):
    claims = claims_of("BIS added Verdane AD, Tervane Holdings Zrt, Quillon Trading FZE and Hollis Oil and Gas "
                       "Enterprise to the Entity List on July 18, 2023.", gaz)
    assert rows(claims, "LISTED_ON", "subject", flat=True) == {
        "Verdane AD", "Tervane Holdings Zrt", "Quillon Trading FZE", "Hollis Oil and Gas Enterprise"}


def test_it_that_sanctions_is_the_agency_named_before(gaz):
    """"it sanctioned X": the agency of the sentence before (a party otherwise: "It was added");
    a person's name and a company's joined by "and" are two names."""
    claims = claims_of("OFAC has targeted the junta's suppliers for years. In October 2021 it sanctioned Burmese "
                       "arms broker Aung Thet Lin and Sittan Trading Company Limited.", gaz)
    assert rows(claims, "LISTED_ON", "subject", "object", "date") == {
        ("Aung Thet Lin", "list:us-ofac-sdn", "2021-10"), ("Sittan Trading Company Limited", "list:us-ofac-sdn", "2021-10")}


def test_an_instrument_before_a_list_name_is_the_list_it_establishes(gaz):
    claims = claims_of("On May 2, 2023, DHS added Quillon Cotton Co., Ltd. to the Uyghur Forced Labor Prevention "
                       "Act (UFLPA) Entity List. BIS added Tervane Systems Ltd. to the Entity List the same day.", gaz)
    assert rows(claims, "LISTED_ON", "subject", "object") == {
        ("Quillon Cotton Co., Ltd.", "list:us-dhs-uflpa"), ("Tervane Systems Ltd.", "list:us-bis-el")}
    assert rows(claims, "CONSIDERED_FOR", "subject") == set()


@pytest.mark.parametrize("text, published, expected", [
    # the announcement names no parties; the day they took effect, told next, dates them
    ("On Tuesday, DHS announced that it was adding three entities to the UFLPA Entity List. The listings took "
     "effect on Wednesday, January 15. They include Quillon Cotton Co., Ltd. and Tervane Yarn Co., Ltd.",
     "2025-01-17", {("Quillon Cotton Co., Ltd.", "list:us-dhs-uflpa", "2025-01-15"),
                    ("Tervane Yarn Co., Ltd.", "list:us-dhs-uflpa", "2025-01-15")}),
    # "the 31-year-old", "the man": the person named last
    ("On May 7, 2024, OFAC added Dmitry Yuryevich Vorskov to its SDN list. Any property he holds is now blocked. "
     "Britain's Foreign Office put the 31-year-old on the UK sanctions list the same day. Analysts said the man "
     "had run the group since 2019.", "2024-05-08",
     {("Dmitry Yuryevich Vorskov", "list:us-ofac-sdn", "2024-05-07"),
      ("Dmitry Yuryevich Vorskov", "list:gb-fcdo-sanctions", "2024-05-07")}),
])
def test_listings_told_over_several_sentences(gaz, text, published, expected):
    assert rows(claims_of(text, gaz, published=published), "LISTED_ON", "subject", "object", "date") == expected


def test_the_targets_were_names_with_their_countries(gaz):
    """A listing of a counted group, then its members with their countries, a country's name
    ending no company's ("North Macedonia and Tervane Holdings Zrt" are two names)."""
    claims = claims_of("When BIS added four spyware companies to the Entity List on July 18, 2023, it reached for "
                       "the same tool. This time the targets were European: Quillon S.A. in Greece, Quillon Limited "
                       "in Ireland, Tervane AD in North Macedonia and Tervane Holdings Zrt in Hungary.", gaz)
    assert rows(claims, "LISTED_ON", "subject", flat=True) == {
        "Quillon S.A.", "Quillon Limited", "Tervane AD", "Tervane Holdings Zrt"}




# ------------------------------------------------- session 8: groups, reasons told apart
def test_a_counted_colon_list_names_its_members_even_unknown_ones(gaz):
    """Items split at semicolons give their member after a role, never a possessive; as many
    items as the count says make an unknown leading name a member ("Tarkel Vossberg")."""
    claims = claims_of("Full blocking was reserved for four officials: Hollis Defense's president, Ivan Orlovsky; "
                       "its vice president, Maksim Tervel; Tarkel Vossberg, head of the air defense department; and "
                       "Zhao Lingwei, a program manager. OFAC added all four to the SDN List on Monday.", gaz)
    assert rows(claims, "LISTED_ON", "subject", flat=True) == {
        "Ivan Orlovsky", "Maksim Tervel", "Tarkel Vossberg", "Zhao Lingwei"}


@pytest.mark.parametrize("text, expected", [
    # a when-clause runs past the appositive its comma opens, so its date stays in it
    ("When BIS added Quillon Semiconductor Co., Ltd. and a group of its affiliates, including Tervane Micro Co., "
     "Ltd., to the Entity List in December 2020, it pointed to the firms' military ties.",
     {("Quillon Semiconductor Co., Ltd.", "2020-12"), ("Tervane Micro Co., Ltd.", "2020-12")}),
    # "earlier that month": the month the text named just before
    ("Beijing first floated the idea on May 31, 2019. Earlier that month the Commerce Department had placed "
     "Quillon Technologies Co., Ltd. on its Entity List.", {("Quillon Technologies Co., Ltd.", "2019-05")}),
])
def test_dates_of_when_clauses_and_of_that_month(gaz, text, expected):
    assert rows(claims_of(text, gaz), "LISTED_ON", "subject", "date") == expected


@pytest.mark.parametrize("text, expected", [
    # "the move", "the three designations": the listing just told, its reason undated
    ("On October 29, 2021, OFAC added Ivan Orlovsky and Quillon Parts Co., Ltd. to its SDN List. Deputy Treasury "
     "Secretary Maria Tervel justified the move by pointing to Iran's proliferation of drones.",
     {("Ivan Orlovsky", "concern:weapons-proliferation", "region:ir", None),
      ("Quillon Parts Co., Ltd.", "concern:weapons-proliferation", "region:ir", None)}),
    ("On June 21, 2023, OFAC designated Tervane Bank, Hollis Bank and Quillon Bank. Treasury tied the three "
     "designations to the military's violence and repression against the people of Burma.",
     {(bank, "concern:human-rights-abuses", "region:mm", None) for bank in ("Tervane Bank", "Hollis Bank", "Quillon Bank")}),
    # "because" gives a reason as "for" does
    ("OFAC added Quillon Hooshmand LLC and Tervane Yazd Company to its SDN list. The department said the two "
     "companies were sanctioned because their attacks threatened the national security of the United States.",
     {(firm, "concern:national-security", "region:us", None) for firm in ("Quillon Hooshmand LLC", "Tervane Yazd Company")}),
    # an agency citing a reason after the listing: the parties just listed
    ("BIS added Quillon S.A. and Tervane AD to the Entity List. BIS also cited the part that surveillance technology "
     "plays in enabling repression.",
     {("Quillon S.A.", "concern:surveillance-technology", None, None), ("Tervane AD", "concern:surveillance-technology", None, None),
      ("Quillon S.A.", "concern:human-rights-abuses", None, None), ("Tervane AD", "concern:human-rights-abuses", None, None)}),
    # ... but not when the sentence is about a party of its own
    ("BIS added Quillon S.A. and Tervane AD to the Entity List. BIS cited the company's acquisition of U.S. items "
     "for military end uses.", set()),
    # the parties a sentence excepts are not what it says
    ("BIS added nine entities to the Entity List. Seven of the nine, all except Quillon Textiles Co., Ltd. and "
     "the Tervane Institute, were added because they supplied surveillance technology used in Xinjiang.", set()),
])
def test_reasons_told_apart_from_the_listing(gaz, text, expected):
    claims = claims_of(text, gaz, published="2023-06-30")
    assert rows(claims, "CITED_FOR", "subject", "object", "region", "date") == expected


def test_the_move_is_listed_on_nothing(gaz):
    """An action reference is no party: "The listings ratify ..." lists no one again."""
    claims = claims_of("The FCC put Quillon Telecom (Americas) Corp. on its Covered List on Friday. The listings "
                       "largely ratify earlier enforcement under the Treasury's NS-CMIC list.", gaz, published="2022-03-28")
    assert rows(claims, "LISTED_ON", "subject", "object") == {("Quillon Telecom (Americas) Corp.", "list:us-fcc-covered")}


@pytest.mark.parametrize("text, listed, parents", [
    # an apposition tells of another party; it does not list it ("stock-market-listed" lists nothing)
    ("BIS added Quillon Micro Co., Ltd., a subsidiary of Tervane Holdings Co., Ltd., to the Entity List in 2021.",
     {"Quillon Micro Co., Ltd."}, {("Quillon Micro Co., Ltd.", "Tervane Holdings Co., Ltd.")}),
    ("The Pentagon added Quillon Genomics Co., Ltd., the stock-market-listed arm of Shenzhen-based Tervane Group, "
     "to its 1260H list in October 2022.",
     {"Quillon Genomics Co., Ltd."}, {("Quillon Genomics Co., Ltd.", "Tervane Group")}),
    # a parent that only qualifies a counted group; a province that begins an unknown name
    ("In July 2020 the Commerce Department added two Tervane Group subsidiaries, Xinjiang Silk Road Tervane and "
     "Beijing Liuhe Tervane, to the Entity List.", {"Xinjiang Silk Road Tervane", "Beijing Liuhe Tervane"},
     {("Xinjiang Silk Road Tervane", "Tervane Group"), ("Beijing Liuhe Tervane", "Tervane Group")}),
    # "owns", and a chain told through "which is in turn controlled by"
    ("Quillon Tech owns Complete Tervane, its U.S. subsidiary in San Jose.", set(),
     {("Complete Tervane", "Quillon Tech")}),
    ("Quillon Tanker (Dalian) Co., Ltd., a Dalian-based tanker operator, is a subsidiary of Quillon Energy "
     "Transportation Co., Ltd., which is in turn controlled by Tervane Shipping Corporation Limited, the state-owned "
     "shipping group headquartered in Shanghai.", set(),
     {("Quillon Tanker (Dalian) Co., Ltd.", "Quillon Energy Transportation Co., Ltd."),
      ("Quillon Energy Transportation Co., Ltd.", "Tervane Shipping Corporation Limited")}),
])
def test_parents_in_appositions_and_groups_are_not_listed(gaz, text, listed, parents):
    claims = claims_of(text, gaz)
    assert rows(claims, "LISTED_ON", "subject", flat=True) == listed
    assert rows(claims, "SUBSIDIARY_OF", "subject", "object_name") == parents


def test_places_of_listed_items_and_of_described_parties(gaz):
    claims = claims_of("In February 2022 BIS placed two of its subsidiaries, Quillon Biologics (Shanghai) Co., Ltd. in "
                       "Shanghai and Quillon Biologics Co., Ltd. in Wuxi, on the Unverified List. Quillon Tech owns "
                       "Complete Tervane, its U.S. subsidiary. Tervane Shipping Corporation Limited, the state-owned "
                       "shipping group headquartered in Shanghai, was not blocked.", gaz)
    assert rows(claims, "LISTED_ON", "subject", flat=True) == {"Quillon Biologics (Shanghai) Co., Ltd.",
                                                               "Quillon Biologics Co., Ltd."}
    assert rows(claims, "LOCATED_IN", "subject", "object") == {
        ("Quillon Biologics (Shanghai) Co., Ltd.", "region:cn-sh"), ("Quillon Biologics Co., Ltd.", "region:cn-wuxi"),
        ("Complete Tervane", "region:us"), ("Tervane Shipping Corporation Limited", "region:cn-sh")}


def test_a_removal_the_sentence_does_not_date_is_no_listing(gaz):
    """"It has removed one entity, X, from the SDN List": removed on the notice's effective date."""
    claims = claims_of("SUMMARY: OFAC is publishing notice that it has removed one entity, Quillon Tanker Co., Ltd., "
                       "from the Specially Designated Nationals and Blocked Persons List (SDN List).\n\nDATES: The "
                       "removal described in this notice was effective on January 31, 2020.", gaz, published="2020-02-05")
    assert rows(claims, "LISTED_ON", "subject", "date", "removed_on") == {("Quillon Tanker Co., Ltd.", None, "2020-01-31")}


def test_counted_groups_named_after_the_listing_and_founding_dates(gaz):
    claims = claims_of("On September 25, 2019, the Secretary of State imposed sanctions on six companies. OFAC placed "
                       "the six on the SDN List that day. Four were named for the shipments themselves: Quillon "
                       "Petroleum Co., Limited; Tervane Shipping Company Limited; Pegasus 88 Limited; and Hollis Ship "
                       "Management Co., Ltd. Two were named because they owned or controlled one or more of those "
                       "four: Tervane Holding Company Ltd. and Quillon Tanker Co., Ltd.", gaz)
    assert rows(claims, "LISTED_ON", "subject", "date") == {(name, "2019-09-25") for name in (
        "Quillon Petroleum Co., Limited", "Tervane Shipping Company Limited", "Pegasus 88 Limited",
        "Hollis Ship Management Co., Ltd.", "Tervane Holding Company Ltd.", "Quillon Tanker Co., Ltd.")}
    claims = claims_of("Hollis Engine Corporation, the jet-engine group formed in 2016, is on the NS-CMIC List as well.",
                       gaz, published="2021-06-10")
    assert rows(claims, "LISTED_ON", "subject", "date") == {("Hollis Engine Corporation", "2021-06-10")}


@pytest.mark.parametrize("text, expected", [
    # "known in the trade as" names an alias; "has not been placed on" and "does not appear on" deny
    ("Shanghai Quillon Heavy Industries Co., Ltd., known in the trade as QPMC, supplies cranes. QPMC has not been "
     "placed on the Entity List, and it does not appear on the NS-CMIC list either.",
     {("Shanghai Quillon Heavy Industries Co., Ltd.", "CONSIDERED_FOR", "list:us-bis-el", "denied"),
      ("Shanghai Quillon Heavy Industries Co., Ltd.", "CONSIDERED_FOR", "list:us-ns-cmic", "denied")}),
    # a sentence adverb is no name
    ("Notably, Quillon Drone Co., Ltd. has not been placed on the Specially Designated Nationals List.",
     {("Quillon Drone Co., Ltd.", "CONSIDERED_FOR", "list:us-ofac-sdn", "denied")}),
    # appearing on a list, and an agency carrying a party on it
    ("Quillon Heavy Co., Ltd. appears on the Entity List. Treasury has carried Tervane Construction Co., Ltd. on its "
     "Non-SDN Chinese Military-Industrial Complex Companies List since June 2021.",
     {("Quillon Heavy Co., Ltd.", "LISTED_ON", "list:us-bis-el", "asserted"),
      ("Tervane Construction Co., Ltd.", "LISTED_ON", "list:us-ns-cmic", "asserted"),
      ("U.S. Department of the Treasury", "ADMINISTERS", "list:us-ns-cmic", "asserted")}),
    # ... but not a party a conditional speaks of in general
    ("Quillon Trading Co., Ltd. and Tervane Oil Co., Ltd. were designated. Under the 50 percent rule, entities they "
     "own are blocked even when they do not appear on the SDN list.", set()),
])
def test_aliases_denials_and_standing_on_a_list(gaz, text, expected):
    claims = claims_of(text, gaz)
    got = {(c.subject["name"], c.predicate, c.object["id"], c.modality) for c in claims
           if c.predicate in ("LISTED_ON", "CONSIDERED_FOR", "ADMINISTERS")}
    assert got == expected


@pytest.mark.parametrize("text, expected", [
    ("In 2019 the Commerce Department added Quillon Heavy Co., Ltd. to the Entity List, citing national security.",
     {("Quillon Heavy Co., Ltd.", "concern:national-security")}),
    ("The Commerce Department added two units of Chinese genomics company Tervane Group, Quillon Gene Co., Ltd. and "
     "Hollis Gene Co., Ltd., to its Entity List, saying their work was contrary to U.S. national security.",
     {("Quillon Gene Co., Ltd.", "concern:national-security"), ("Hollis Gene Co., Ltd.", "concern:national-security")}),
])
def test_reasons_given_while_listing_citing_or_saying(gaz, text, expected):
    claims = claims_of(text, gaz)
    assert rows(claims, "CITED_FOR", "subject", "object") == expected
    assert "Tervane Group" not in rows(claims, "LISTED_ON", "subject", flat=True)


def test_a_company_known_as_its_short_name_and_what_a_finding_cites(gaz):
    """"X, the company known as Q," makes Q an alias; "according to the commission" is no
    hearsay; "found that equipment from A and B, like other ..., posed a risk to U.S.
    national security" cites both."""
    claims = claims_of("The act named Shenzhen Quillon Innovations Sciences and Technologies Co., Ltd., the company "
                       "known as QJI, and Tervane Robotics, both based in Shenzhen. According to the commission, the "
                       "determination found that equipment from QJI and Tervane, like other foreign-made drones, posed "
                       "an unacceptable risk to U.S. national security.", gaz)
    assert rows(claims, "CITED_FOR", "subject", "object", "region", "modality") == {
        (name, "concern:national-security", "region:us", "asserted")
        for name in ("Shenzhen Quillon Innovations Sciences and Technologies Co., Ltd.", "Tervane Robotics")}
    assert rows(claims, "LOCATED_IN", "subject", flat=True) == {
        "Shenzhen Quillon Innovations Sciences and Technologies Co., Ltd.", "Tervane Robotics"}


@pytest.mark.parametrize("text, expected", [
    # "a year later": after the date named last; "named ... to its list" lists
    ("The Commerce Department put Quillon Drone Co., Ltd. on the Entity List in December 2020. The Defense "
     "Department named Tervane Drone Co., Ltd. to its 1260H list a year later.",
     {("Quillon Drone Co., Ltd.", "list:us-bis-el", "2020-12"), ("Tervane Drone Co., Ltd.", "list:us-dod-1260h", "2021-12")}),
    ("OFAC designated Quillon Bank in November 2021. Two months later it added Tervane Bank to the SDN List.",
     {("Quillon Bank", "list:us-ofac-sdn", "2021-11"), ("Tervane Bank", "list:us-ofac-sdn", "2022-01")}),
    # a one-word name its apposition calls a company, even with another name inside the apposition
    ("In January, BIS added Quillgo, a chip designer affiliated with bitcoin-mining equipment maker Tervmain, to the "
     "Entity List.", {("Quillgo", "list:us-bis-el", "2022-01")}),
    # "Being named on the list" names no party
    ("Being named on the Entity List carries no immediate ban.", set()),
])
def test_listing_dates_after_a_named_date_and_more_listing_verbs(gaz, text, expected):
    assert rows(claims_of(text, gaz), "LISTED_ON", "subject", "object", "date") == expected


def test_a_reason_given_as_alleged_is_reported(gaz):
    claims = claims_of("The Commerce Department put Quillon Drone Co., Ltd. on the Entity List in December 2020 for "
                       "its alleged role in enabling human rights abuses in China.", gaz)
    assert rows(claims, "CITED_FOR", "subject", "object", "modality", "region") == {
        ("Quillon Drone Co., Ltd.", "concern:human-rights-abuses", "reported", "region:cn")}
    assert rows(claims, "LISTED_ON", "subject", "modality") == {("Quillon Drone Co., Ltd.", "asserted")}


def test_an_agency_named_inside_an_appositive_does_not_hide_the_listing(gaz):
    # "UK" is also a name of the UK Foreign Office, so "a UK-registered company" holds an agency
    claims = claims_of("Quillon Hosting Ltd., a UK-registered company, was added to the SDN List in July.", gaz)
    assert rows(claims, "LISTED_ON", "subject", "object", "date") == {
        ("Quillon Hosting Ltd.", "list:us-ofac-sdn", "2021-07")}
