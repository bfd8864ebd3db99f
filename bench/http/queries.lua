-- wrk script for bench/http/run-wrk.sh: rotates over realistic searches of
-- the Reuters-21578 archive (1987), every one with facets and a timeline,
-- as the search page asks for them.

local queries = {
  "q=oil+prices",
  "q=coffee&country=BR",
  "q=%22interest+rates%22&sort=newest",
  "q=wheat+OR+corn&from=1987-03&to=1987-04",
  "q=trade+deficit+japan",
  "q=bank&sort=recent&half_life=30d",
  "q=opec+output",
  "q=dollar+-yen",
  "q=takeover+bid&offset=10",
  "q=gold",
  "q=shares&source=Reuters",
  "q=sugar*",
  "q=%22federal+reserve%22",
  "q=crude&any=true",
  "q=grain+exports&limit=20",
  "",
}

local facets = "&facets=person,org,country,source&timeline=auto"
local paths = {}
for i, q in ipairs(queries) do
  paths[i] = "/search?" .. q .. facets
end

local n = 0
-- Threads start at different points so they do not ask the same thing at once.
function init(args)
  n = math.random(#paths)
end

function request()
  n = n % #paths + 1
  return wrk.format("GET", paths[n])
end
