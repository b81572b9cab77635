"""OFAC loader: the classic CSV set and sdn.xml, on the real snapshots and on small written files."""

from __future__ import annotations

import shutil

import pytest

from list_helpers import loaded_store, by_identifier, evidence_texts, listed, listings_of, lists_dir, load, ofac_rows
from sanctions_kg.graph.embedded import EmbeddedStore
from sanctions_kg.loaders.ofac import parse_remarks
from sanctions_kg.loaders.registry import detect

CONS = "ofac_consolidated/2025-12-19"
SDN = "ofac_sdn/2024-05-03"


@pytest.fixture(scope="module")
def cons_store(shared, tmp_path_factory):
    return loaded_store(tmp_path_factory, "cons", lists_dir(shared) / CONS)


@pytest.mark.shared
def test_consolidated_counts_match_the_file(shared, cons_store):
    store, row = cons_store
    folder = lists_dir(shared) / CONS
    prim = ofac_rows(folder / "cons_prim.csv")
    cmic = {r[0] for r in prim if "CMIC-EO13959" in r[3].split("] [")}
    plc = {r[0] for r in prim if "NS-PLC" in r[3].split("] [")}
    parties = [n for n in store.iter_nodes("Party") if any(i.startswith("ofac:") for i in n["props"]["identifiers"])]
    assert len(parties) == len({r[0] for r in prim})
    assert len(listings_of(store, "US-NS-CMIC")) == len(cmic)
    assert len(listings_of(store, "US-OFAC-PLC")) == len(plc)
    assert row["problems"] == 0, row["messages"]
    aliases = sum(len(n["props"].get("aliases") or []) for n in parties)
    assert aliases >= len({(r[0], r[3]) for r in ofac_rows(folder / "cons_alt.csv", 5)})


@pytest.mark.shared
def test_hikvision_is_on_ns_cmic_with_its_identifiers(cons_store):
    store, _ = cons_store
    (hik,) = by_identifier(store, "ofac:30946")
    p = hik["props"]
    assert p["name"] == "HANGZHOU HIKVISION DIGITAL TECHNOLOGY CO., LTD."
    assert hik["label"] == "Company"
    assert "uscc-cn:91330000733796106P" in p["identifiers"]
    assert "HIKVISION" in p["aliases"] and p["country"] == "cn"
    (cmic,) = listed(store, hik["id"], "US-NS-CMIC")
    assert cmic["listed_on"] == "2021-06-03"  # "Listing Date (CMIC) 03 Jun 2021"
    assert cmic["program"] == "CMIC-EO13959"
    assert "Effective Date (CMIC) 02 Aug 2021" in cmic["provisions"]
    assert cmic["sources"] == ["doc:ofac-cons-2025-12-19"]
    (text,) = evidence_texts(cmic)
    assert text.startswith("cons_prim.csv line ") and "HANGZHOU HIKVISION" in text
    assert not listed(store, hik["id"], "US-OFAC-SDN"), "NS-CMIC companies are not SDNs"
    located = [r["dst"] for r in store.iter_rels("LOCATED_IN") if r["src"] == hik["id"]]
    assert located == ["region:cn-hangzhou"]
    doc = store.get_node("doc:ofac-cons-2025-12-19")["props"]
    assert doc["kind"] == "list_snapshot" and doc["published"] == "2025-12-19" and doc["code"] == "ofac-cons@2025-12-19"


@pytest.mark.shared
def test_sensetime_listing_date_and_list_authorities(cons_store):
    store, _ = cons_store
    (st,) = by_identifier(store, "ofac:33114")
    (cmic,) = listed(store, st["id"], "US-NS-CMIC")
    assert cmic["listed_on"] == "2021-12-10"  # "Listing Date (CMIC) 10 Dec 2021"
    assert "reg-hk:2162198" in st["props"]["identifiers"]
    established = {r["dst"] for r in store.iter_rels("ESTABLISHED_BY") if r["src"] == "list:us-ns-cmic"
                   and "doc:ofac-cons-2025-12-19" in r["props"]["sources"]}
    assert {"authority:eo-13959", "authority:eo-14032"} <= established


@pytest.mark.shared
def test_consolidated_rows_go_to_the_list_their_tags_name(cons_store):
    store, _ = cons_store
    (rosoboron,) = by_identifier(store, "ofac:18782")  # UKRAINE-EO13662] [IRAN-CON-ARMS-EO] [RUSSIA-EO14024
    assert listed(store, rosoboron["id"], "US-OFAC-SSI") and not listed(store, rosoboron["id"], "US-OFAC-MBS")
    (cbr,) = by_identifier(store, "ofac:31695")  # RUSSIA-EO14024 only: a directive (menu-based) entry
    assert listed(store, cbr["id"], "US-OFAC-MBS")
    (kunlun,) = by_identifier(store, "ofac:15268")  # 561-Related
    assert listed(store, kunlun["id"], "US-OFAC-CAPTA")


@pytest.mark.shared
def test_sdn_snapshot_loads_every_row_with_types(shared, tmp_path):
    store = EmbeddedStore(tmp_path / "s.json")
    rows = load(store, lists_dir(shared) / SDN)
    assert not rows[0]["error"] and rows[0]["problems"] == 0, rows[0]["messages"][:5]
    expected = ofac_rows(lists_dir(shared) / SDN / "sdn.csv")
    assert len(listings_of(store, "US-OFAC-SDN")) == len(expected)
    kinds = {"individual": "Person", "vessel": "Vessel", "aircraft": "Aircraft"}
    for label in kinds.values():
        want = sum(1 for r in expected if kinds.get(r[2].strip()) == label)
        assert store.stats()["nodes"][label] == want, label
    both = [r for r in expected if "NS-PLC" in r[3].split("] [")]
    assert len(listings_of(store, "US-OFAC-PLC")) == len(both) > 0
    # "Linked To:" remarks become links between the two rows
    (aircraft,) = [n for n in store.iter_nodes("Aircraft") if n["props"]["name"] == "9H-AMN"] or [None]
    assert aircraft is None  # removed on 2024-05-03
    linked = [r for r in store.iter_rels("AFFILIATED_WITH")]
    assert len(linked) > 1000
    summary = rows[0]["summary"]
    assert any("US-OFAC-SDN" in line and "expected" in line for line in summary)


@pytest.mark.shared
def test_reloading_the_same_snapshot_changes_nothing(shared, tmp_path):
    store = EmbeddedStore(tmp_path / "s.json")
    load(store, lists_dir(shared) / CONS)
    load(store, lists_dir(shared) / SDN)
    first = store.dump()
    load(store, lists_dir(shared) / SDN)
    assert store.dump() == first
    # in the same order again (scalar properties are "last loaded wins", so order matters)
    load(store, lists_dir(shared) / CONS)
    load(store, lists_dir(shared) / SDN)
    assert store.dump() == first


def test_remarks_parse_identifiers_dates_and_links():
    r = parse_remarks("DOB 12 Feb 1961; nationality Haiti; a.k.a. 'SWEET MICKY'; Tax ID No. 21637116 (Malta); "
                      "alt. Tax ID No. 9909425511 (Russia); Linked To: EMPEROR AVIATION LTD.")
    assert r.birth_date == "1961-02-12" and r.nationality == "ht"
    assert r.aliases == ["SWEET MICKY"]
    assert r.identifiers == ["tax-mt:21637116", "tax-ru:9909425511"]
    assert r.linked_to == ["EMPEROR AVIATION LTD"]


SDN_LINES = [
    '36,"AEROCARIBBEAN AIRLINES",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"a.k.a. \'AERO-CARIBBEAN\'."',
    '173,"ANGLO-CARIBBEAN CO., LTD.",-0- ,"CUBA",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ',
    '9647,"ZAHHAR, Mahmoud Khaled","individual","SDGT] [NS-PLC",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,"DOB 1945."',
]


def write_sdn(folder, lines, encoding="ascii", extra: bytes = b""):
    folder.mkdir(parents=True, exist_ok=True)
    data = "\r\n".join(lines).encode(encoding) + b"\r\n" + extra + b"\x1a"
    (folder / "sdn.csv").write_bytes(data)
    return folder


def test_bad_rows_are_reported_with_file_and_line_and_the_rest_loads(tmp_path, store):
    lines = list(SDN_LINES)
    lines.insert(1, '99,"TRUNCATED ROW",-0- ,"CUBA"')
    folder = write_sdn(tmp_path / "2024-01-02", lines, extra=b'100,"\x00\xff\xfe\x81garbage",-0- \r\n')
    rows = load(store, folder)
    messages = rows[0]["messages"]
    assert any("sdn.csv:2:" in m and "truncated row: 4 of 12 fields" in m for m in messages), messages
    assert any("sdn.csv:5:" in m and "garbage bytes" in m for m in messages), messages
    assert len(listings_of(store, "US-OFAC-SDN")) == 3
    assert any("3 rows read, 2 skipped" in line for line in rows[0]["summary"]), rows[0]["summary"]
    zahhar = by_identifier(store, "ofac:9647")[0]
    assert zahhar["label"] == "Person" and zahhar["props"]["birth_date"] == "1945"
    assert listed(store, zahhar["id"], "US-OFAC-PLC")[0]["program"] == "NS-PLC"
    assert listed(store, zahhar["id"], "US-OFAC-SDN")[0]["program"] == "SDGT"


def test_legacy_encodings_are_detected(tmp_path, store):
    lines = SDN_LINES + ['555,"SOCIÉTÉ GÉNÉRALE DE CRÉDIT INTERNATIONAL",-0- ,"SDGT",-0- ,-0- ,-0- ,-0- ,-0- ,-0- ,'
                         '-0- ,"Address Münsterstraße; Règlement spécial pour la Société."']
    folder = write_sdn(tmp_path / "2024-01-02", lines, encoding="cp1252")
    rows = load(store, folder)
    assert not [m for m in rows[0]["messages"] if "WARNING" not in m], rows[0]["messages"]
    (node,) = by_identifier(store, "ofac:555")
    assert node["props"]["name"] == "SOCIÉTÉ GÉNÉRALE DE CRÉDIT INTERNATIONAL"
    assert "Münsterstraße" in node["props"]["remarks"]


def test_single_file_and_undated_snapshot(tmp_path, store):
    folder = write_sdn(tmp_path / "undated", SDN_LINES)
    assert detect(folder / "sdn.csv").name == "ofac"
    rows = load(store, folder / "sdn.csv")
    assert not rows[0]["error"]
    assert any("no date of their own" in m for m in rows[0]["messages"])
    assert all("listed_on" not in r["props"] for r in listings_of(store, "US-OFAC-SDN"))
    rows = load(store, folder / "sdn.csv", published="2024-01-05")
    assert {r["props"].get("listed_on") for r in listings_of(store, "US-OFAC-SDN")} == {None, "2024-01-05"}


SDN_XML = """<?xml version="1.0" standalone="yes"?>
<sdnList xmlns="https://sanctionslistservice.ofac.treas.gov/api/PublicationPreview/exports/XML">
  <publshInformation><Publish_Date>05/03/2024</Publish_Date><Record_Count>2</Record_Count></publshInformation>
  <sdnEntry>
    <uid>38556</uid><lastName>EMPEROR AVIATION LTD</lastName><sdnType>Entity</sdnType>
    <programList><program>RUSSIA-EO14024</program></programList>
    <idList><id><uid>1</uid><idType>Registration Number</idType><idNumber>C 62836</idNumber>
      <idCountry>Malta</idCountry></id></idList>
    <addressList><address><uid>2</uid><city>Valletta</city><country>Malta</country></address></addressList>
  </sdnEntry>
  <sdnEntry>
    <uid>9647</uid><lastName>ZAHHAR</lastName><firstName>Mahmoud Khaled</firstName><sdnType>Individual</sdnType>
    <programList><program>SDGT</program><program>NS-PLC</program></programList>
    <akaList><aka><uid>3</uid><type>a.k.a.</type><category>strong</category><lastName>ZAHAR</lastName>
      <firstName>Mahmoud</firstName></aka></akaList>
    <dateOfBirthList><dateOfBirthItem><uid>4</uid><dateOfBirth>1945</dateOfBirth></dateOfBirthItem></dateOfBirthList>
  </sdnEntry>
</sdnList>
"""


def test_sdn_xml_is_read_with_its_publish_date(tmp_path, store):
    path = tmp_path / "sdn.xml"
    path.write_text(SDN_XML, encoding="utf-8")
    assert detect(path).name == "ofac"
    rows = load(store, path)
    assert not rows[0]["error"], rows
    (emperor,) = by_identifier(store, "ofac:38556")
    assert "reg-mt:C62836" in emperor["props"]["identifiers"] and emperor["props"]["country"] == "mt"
    assert listed(store, emperor["id"], "US-OFAC-SDN")[0]["listed_on"] == "2024-05-03"
    (zahhar,) = by_identifier(store, "ofac:9647")
    assert zahhar["props"]["name"] == "ZAHHAR, Mahmoud Khaled" and "ZAHAR, Mahmoud" in zahhar["props"]["aliases"]
    assert listed(store, zahhar["id"], "US-OFAC-PLC")


def test_billion_laughs_xml_is_refused(tmp_path, store):
    ents = "".join(f'<!ENTITY lol{i} "{"&lol%d;" % (i - 1) * 10}">' for i in range(1, 10))
    bomb = f'<?xml version="1.0"?>\n<!DOCTYPE sdnList [<!ENTITY lol0 "lol">{ents}]>\n<sdnList>&lol9;</sdnList>\n'
    path = tmp_path / "sdn.xml"
    path.write_text(bomb)
    rows = load(store, path)
    assert rows[0]["error"] and "unsafe XML refused" in rows[0]["error"] and "sdn.xml" in rows[0]["error"]
    assert store.stats()["nodes"] == {}


def test_advanced_xml_is_named_as_unsupported(tmp_path, store):
    path = tmp_path / "sdn_advanced.xml"
    path.write_text('<?xml version="1.0"?><Sanctions xmlns="https://sanctionslistservice.ofac.treas.gov/api/'
                    'PublicationPreview/exports/ADVANCED_XML"><DistinctParties/></Sanctions>')
    rows = load(store, path)
    assert rows[0]["error"] and "advanced" in rows[0]["error"]


def test_side_files_join_addresses_aliases_and_comments(tmp_path, store, shared):
    src = lists_dir(shared) / CONS
    folder = tmp_path / "2025-12-19"
    folder.mkdir()
    for name in ("cons_prim.csv", "cons_add.csv", "cons_alt.csv", "cons_comments.csv"):
        shutil.copy(src / name, folder / name)
    load(store, folder)
    comments = ofac_rows(src / "cons_comments.csv", 2)
    ent, tail = comments[0][0], comments[0][1]
    (node,) = by_identifier(store, f"ofac:{ent}")
    assert node["props"]["remarks"].endswith(tail)
    assert "doc:ofac-cons-comments-2025-12-19" in node["props"]["sources"]


def test_counts_outside_the_expected_range_warn_loudly(tmp_path, store):
    rows = load(store, write_sdn(tmp_path / "2024-01-02", SDN_LINES))
    (warning,) = [m for m in rows[0]["messages"] if "WARNING" in m]
    assert "US-OFAC-SDN count 3" in warning and "expected range 5000-40000" in warning
    assert any("OUT OF RANGE" in line for line in rows[0]["summary"])
