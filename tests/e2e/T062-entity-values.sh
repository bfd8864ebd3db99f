#!/bin/sh
# One value per organization and persons that are persons (#15) on the
# Reuters-21578 archive (where ../shared/data is present): no two
# organization facet values differ only by a legal form, "The",
# punctuation or a possessive; no value is a fragment or ends in "." or
# " The"; tickers, acronyms and clippings find their company; firms,
# table abbreviations, the sign-off and titles are no persons.
. "$(dirname "$0")/lib.sh"
if [ ! -d "$SHARED/reuters21578" ]; then
  echo "# SKIP: $SHARED/reuters21578 is absent"
  exit 77
fi
"$DATELINE_INDEX" -q --db "$TMP/db" "$SHARED/reuters21578"; rc=$?
test_expect_equal "Reuters indexes cleanly" 0 "$rc"

total() { q search --json --facets none --limit 0 "$@" | jq .total; }
matched() { q search --json --facets none --limit 0 "$@" | jq -c '.filters[0].matched'; }

# The base of an organization's name as search::organization_base() makes
# it: a possessive, stops and apostrophes dropped, other punctuation a
# space, a leading "the" and trailing legal forms left out.
base='def base: ascii_downcase | sub("(\u0027s|\u2019s)$"; "") | gsub("[.\u0027]"; "")
  | [splits("[^\\p{L}\\p{N}]+") | select(length > 0)]
  | (if length > 1 and .[0] == "the" then .[1:] else . end)
  | until(length <= 1 or (.[-1] | IN("inc","incorporated","corp","corporation","co","cos","company",
      "companies","ltd","ltda","limited","plc","llc","llp","lp","ag","sa","nv","bv","spa","srl","sarl",
      "gmbh","ab","as","asa","oy","oyj","kk","bhd","sdn","pty","pte","se","group","holding","holdings",
      "cie","and") | not); .[:-1]) | join(" ");'
for query in '' oil trade bank shares; do
  q search --json --facets org --facet-size 5000 --limit 0 "$query" > "$TMP/orgs.json"
  n=$(jq '.facets.org | length' "$TMP/orgs.json")
  test_expect_match "query '$query': many organization values" '^[0-9]{3,}$' "$n"
  test_expect_equal "query '$query': no two organization values with one base" "" \
    "$(jq -r "$base"' [.facets.org[] | {b: (.label | base), l: .label}] | group_by(.b)
      | map(select(length > 1) | map(.l) | join(" / ")) | .[:5] | join("; ")' "$TMP/orgs.json")"
  test_expect_equal "query '$query': no value ends in a stop or \"The\"" "" \
    "$(jq -r '[.facets.org[].label | select(test("( The|[^A-Z]\\.|^[A-Z]?\\.)$"))] | .[:5] | join("; ")' "$TMP/orgs.json")"
  test_expect_equal "query '$query': no fragment of legal forms, no bare ticker" "" \
    "$(jq -r "$base"' [.facets.org[].label | select(IN("Co Inc","Co Ltd","Co","Inc","Ltd","PZL","XON","TX")
      or (base | IN("co","inc","ltd","plc","group")))] | join("; ")' "$TMP/orgs.json")"
done

# Tickers, acronyms and clippings find the company they stand for.
test_expect_equal "org:PZL is Pennzoil" '["Pennzoil Co"]' "$(matched org:PZL)"
test_expect_equal "org:XON is Exxon" '["Exxon Corp"]' "$(matched org:XON)"
ec=$(total 'org:"European Community"')
test_expect_match "the European Community is common" '^[0-9]{3,}$' "$ec"
test_expect_equal "org:EC is the European Community" "$ec" "$(total org:EC)"
test_expect_equal "org:Fed is the Federal Reserve" "$(total 'org:"Federal Reserve"')" "$(total org:Fed)"
test_expect_equal "EC Commission is the European Community Commission" '["European Community Commission"]' \
  "$(matched 'org:"EC Commission"')"
q search --json --facets org --facet-size 5000 --limit 0 '' > "$TMP/orgs.json"
for v in EC Fed PZL XON Texaco 'Co Inc' "Bank's"; do
  test_expect_equal "'$v' is no organization value" "" \
    "$(jq -r --arg v "$v" '.facets.org[] | select(.label == $v) | .label' "$TMP/orgs.json")"
done

# Persons that are persons: none of #15's firms, table words, sign-off,
# titled or bracketed names; split names are one.
q search --json --facets person --facet-size 20000 --limit 0 '' > "$TMP/persons.json"
for v in 'Smith Barney' 'E.F. Hutton' 'Royal Dutch' 'Dean Witter Reynolds' 'L.F. Rothschild' \
  'Samuel Montagu' 'James Capel' 'Petroleos de Venezuela' 'Oper' 'Reuter' 'Exchequer Nigel Lawson' \
  'Paul) Volcker' 'Mikhail) Gorbachev' 'Hernandez Grisanti' 'De Keersmaeker' 'Donald J. Trump'; do
  test_expect_equal "'$v' is no person value" "" \
    "$(jq -r --arg v "$v" '.facets.person[] | select(.label == $v) | .label' "$TMP/persons.json")"
done
for v in 'Nigel Lawson' 'Paul Volcker' 'Arturo Hernandez Grisanti' 'Paul de Keersmaeker' 'Donald Trump'; do
  test_expect_match "'$v' is a person" '^[1-9]' \
    "$(jq -r --arg v "$v" '.facets.person[] | select(.label == $v) | .count' "$TMP/persons.json")"
done
test_expect_equal "person:\"Hernandez Grisanti\" finds Arturo Hernandez Grisanti" \
  "$(total 'person:"Arturo Hernandez Grisanti"')" "$(total 'person:"Hernandez Grisanti"')"
test_done
