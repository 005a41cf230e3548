// The API's error messages in the page's words. The API speaks English and names its own
// parameters (min_grant, limit), as the command line does; the page speaks Swedish to people
// who never saw a parameter, so each message the API can give is said again here, and one it
// does not know becomes a plain Swedish sentence rather than the English text.
"use strict";

/** The fields a range of a query may name (src/search/query/ranges.rs, RANGE_FIELDS). */
const RANGE_FIELDS = "stod (ESF-stöd) eller budget i kronor, start eller slut i år";

/** What the query's problem means, for the messages of src/search/query/. */
const QUERY_PROBLEMS = [
  [/^unbalanced double quote$/, () => "ett citattecken (\") saknar sitt par"],
  [/^unbalanced '\(': a closing '\)' is missing$/, () => "en parentes öppnas men stängs aldrig"],
  [/^unbalanced '\)'$/, () => "en ) stänger ingen parentes"],
  [/^more than (\d+) parentheses nested$/, (m) => `fler än ${m[1]} parenteser inuti varandra`],
  [/^NOT needs a word after it$/, () => "NOT behöver ett ord efter sig"],
  [/^(\S+) needs a word on each side$/, (m) => `${m[1]} behöver ett ord på var sida`],
  [/^(.+): needs a word after it$/, (m) => `${m[1]}: behöver ett ord efter sig, t.ex. ${m[1]}:arbete`],
  [/^':' must follow a field name/, () => "ett kolon ska stå efter ett fältnamn, t.ex. titel:arbete"],
  [/^to exclude a word of (\S+), put the - before the field/,
    (m) => `för att utesluta ett ord i ${m[1]}, sätt - före fältet, t.ex. -${m[1]}:arbete`],
  [/^a word of (\S+): cannot hold a ':'/,
    (m) => `ett ord i ${m[1]}: kan inte innehålla kolon; sätt det inom citattecken, t.ex. ${m[1]}:"10:30"`],
  [/^a quote must begin a word/,
    () => "ett citattecken ska börja ett ord (eller stå efter ett fältnamn, t.ex. titel:\"sociala företag\"): sätt ett mellanslag före det"],
  [/^a phrase's closing quote must end the word/,
    () => "frasens avslutande citattecken ska avsluta ordet: sätt ett mellanslag efter det"],
  [/^unknown field "(.*)" \(known: (.*)\)$/, (m) => `fältet "${m[1]}" finns inte (fälten är ${m[2]})`],
  [/^a range needs a field/, () => "ett intervall behöver ett fält, t.ex. start:[2009 TO 2010]"],
  [/^(\S+): takes a range, as in (\S+) or (\S+ TO \S+)$/,
    (m) => `fältet ${m[1]} tar ett intervall, t.ex. ${m[2]} eller ${m[3]}`],
  [/^'(.)' closes no range/, (m) => `${m[1]} avslutar inget intervall; ett intervall skrivs start:[2009 TO 2010]`],
  [/^(.+) needs a field: /,
    (m) => `${m[1]} behöver ett fält: stod:${m[1]} eller budget:${m[1]} i kronor (stod är ESF-stöd), start:${m[1]} eller slut:${m[1]} i år`],
  [/^(\S+): takes no range; .*, as in stod:(.+)$/,
    (m) => `fältet ${m[1]} tar inget intervall; ett intervall behöver ${RANGE_FIELDS}, t.ex. stod:${m[2]}`],
  [/^(\S+?):(.+): the bound "(.*)" is not an amount in kronor/,
    (m) => `gränsen "${m[3]}" i ${m[1]}:${m[2]} är inget belopp i kronor; skriv t.ex. ${m[1]}:>=1500000 eller ${m[1]}:>=1,5Mkr (decimaler efter komma)`],
  [/^(\S+?):(.+): the bound "(.*)" is not a whole number of kronor$/,
    (m) => `gränsen "${m[3]}" i ${m[1]}:${m[2]} är inte ett helt antal kronor; skriv ett belopp i hela kronor`],
  [/^(\S+?):(.+): the bound "(.*)" is too large$/,
    (m) => `gränsen "${m[3]}" i ${m[1]}:${m[2]} är för stor`],
  [/^(\S+?):(.+): the bound "(.*)" is not a year/,
    (m) => `gränsen "${m[3]}" i ${m[1]}:${m[2]} är inget årtal; skriv t.ex. ${m[1]}:[2009 TO 2010]`],
  [/^this range is not closed/,
    () => "intervallet stängs aldrig; ett intervall skrivs start:[2009 TO 2010] eller stod:[1000000 TO *]"],
  [/^the range of (\S+) is empty: (\d+) is more than (\d+)$/,
    (m) => `intervallet för ${m[1]} är tomt: ${m[2]} är större än ${m[3]}`],
  [/^the slop after ~ must be a whole number/, () => "talet efter ~ ska vara ett heltal"],
  [/^the slop after ~ must be at most (\d+)/, (m) => `talet efter ~ får vara högst ${m[1]}`],
  [/^a phrase with ~ takes at most (\d+) words/, (m) => `en fras med ~ får ha högst ${m[1]} ord`],
  [/^a wildcard does not work inside quotes/, () => "* fungerar inte inuti citattecken; ta bort citattecknen eller *"],
  [/^too many words /, () => "* står för för många ord; skriv mer av ordet"],
  [/^the wildcards stand for (\d+) words/, (m) => `*-tecknen står tillsammans för ${m[1]} ord, fler än en sökning tar; skriv mer av varje ord`],
  [/^a boost \^ must follow a word/, () => "en förstärkning ^ ska stå efter ett ord och vara större än 0 och högst 1000, t.ex. arbete^2"],
  [/^longer than (\d+) characters$/, (m) => `frågan är längre än ${m[1]} tecken`],
  [/^contains control characters$/, () => "frågan innehåller styrtecken"],
  [/^(\d+) words are more than one query takes \((\d+)\)/,
    (m) => `${m[1]} ord är fler än en sökning tar (${m[2]}); för att hitta projekt som liknar en text, använd "Klistra in en ansökan"`],
  [/^IN \[\.\.\.\] sets are not supported$/, () => "mängder som IN [...] går inte att söka med"],
  [/^(\S+):\* \(field exists\) is not supported$/, (m) => `${m[1]}:* (fältet finns) går inte att söka med`],
  [/^regular expressions are not supported$/, () => "reguljära uttryck går inte att söka med"],
  [/^the query cannot be read here$/, () => "den kan inte läsas här"],
];

/** The page's name of an API parameter (the filters' names as their form fields say them). */
const PARAMETER_NAMES = {
  q: "Sökfrågan", region: "Region", kommun: "Kommun", phase: "Projektfas", program: "Programområde",
  owner: "Projektägare", lang: "Språk", kind: "Dokumenttyp", min_grant: "ESF-stöd från", max_grant: "ESF-stöd till",
  min_budget: "Budget från", max_budget: "Budget till", from_year: "Period från år", to_year: "Period till år",
  active_in: "Aktivt år", sort: "Sorteringen", limit: "Antalet träffar", offset: "Sidan", text: "Texten",
  field: "Avsnittet", section: "Avsnittet", id: "Projektet", a: "Projekt A", b: "Projekt B", format: "Exportformatet",
};

/** What is wrong with a parameter's value, for the messages of src/serve/params.rs and the
 * settings' checks. */
const ARGUMENT_PROBLEMS = [
  [/^"(.*)" is not a whole number/, (m) => `"${m[1]}" är inget heltal`],
  [/^"(.*)": must be an amount in kronor/, (m) => `"${m[1]}" är inget belopp i kronor; skriv t.ex. 1500000, 1 500 000, 1,5 Mkr eller 500 tkr`],
  [/^"(.*)": write the decimals after a comma/, (m) => `"${m[1]}": skriv decimalerna efter komma, t.ex. 1,5 Mkr`],
  [/^"(.*)": is not a whole number of kronor$/, (m) => `"${m[1]}" är inte ett helt antal kronor`],
  [/^"(.*)": is too large$/, (m) => `"${m[1]}" är för stort`],
  [/^"(.*)": must be a positive number$/, (m) => `"${m[1]}" ska vara ett positivt tal`],
  [/^(\d+) is more than ([a-z_]+) (\d+)$/, (m) => `${m[1]} är större än ${(PARAMETER_NAMES[m[2]] || m[2]).toLocaleLowerCase("sv")} (${m[3]})`],
  [/^(\d+) is more than (\d+)/, (m) => `${m[1]} är fler än ${m[2]}`],
  [/^(\d+) is after ([a-z_]+) (\d+)$/, (m) => `${m[1]} är efter ${(PARAMETER_NAMES[m[2]] || m[2]).toLocaleLowerCase("sv")} (${m[3]})`],
  [/^unknown value "(.*)"/, (m) => `värdet "${m[1]}" finns inte`],
  [/^unknown parameter/, () => "finns inte bland sidans val"],
  [/^must be at least 1$/, () => "ska vara minst 1"],
  [/^the text to compare is empty$/, () => "det finns ingen text att jämföra"],
  [/^longer than (\S+ \S+) \((\d+) bytes\)/, (m) => `den är längre än ${m[1]} (ungefär en miljon tecken), det mesta som jämförs; klistra in en del av den`],
  [/^not UTF-8 text/, () => "den är inte läsbar text (UTF-8)"],
  [/^is named twice/, () => "samma projekt är valt två gånger; välj två olika"],
  [/^a concordance needs a query/, () => "konkordansen visar var sökfrågans ord står, så den behöver en sökfråga: skriv den i sökrutan"],
];

/** Reason (the part after "name: ") in Swedish, or null when it is not one the page knows. */
function translated(table, reason) {
  for (const [pattern, say] of table) {
    const m = pattern.exec(reason);
    if (m) return say(m);
  }
  return null;
}

/** The Swedish sentence for an API answer with `status` and `message` ({"error": message});
 * status 0 is no answer at all. */
function inSwedish(status, message) {
  if (status === 0) return "Servern svarar inte. Körs projsok serve fortfarande?";
  const text = String(message || "");
  const query = /^query "((?:[^"\\]|\\.)*)": (.*)$/s.exec(text);
  if (query) {
    const at = / \(at character (\d+)\)$/.exec(query[2]);
    const reason = at ? query[2].slice(0, at.index) : query[2];
    const said = translated(QUERY_PROBLEMS, reason) || "den går inte att tolka";
    return `Sökfrågan går inte att läsa: ${said}${at ? ` (vid tecken ${at[1]})` : ""}.`;
  }
  if (status === 404) {
    return text.includes("no document with this id")
      ? "Projektet finns inte i indexet (det kan ha tagits bort när indexet byggdes om)."
      : "Sidan finns inte.";
  }
  if (status === 503) {
    return /time budget/.test(text)
      ? "Svaret tog längre tid än servern väntar. Pröva en smalare sökning eller försök igen."
      : "Indexet går inte att läsa just nu. Försök igen om en stund.";
  }
  if (status >= 500) return "Ett fel i servern (det står i dess logg). Försök igen.";
  const argument = /^([a-z_]+): (.*)$/s.exec(text);
  if (argument) {
    const name = PARAMETER_NAMES[argument[1]] || "Ett val i adressen";
    const said = translated(ARGUMENT_PROBLEMS, argument[2]) || "värdet går inte att använda";
    return `${name}: ${said}.`;
  }
  return "Sidan kunde inte visa det här. Kontrollera adressen.";
}

/** A list as the API joins it ("a, b or c") as Swedish joins it ("a, b eller c"). */
const swedishOr = (list) => list.replace(/ or (?=[^,]*$)/, " eller ");

/** The page's name of a facet as a warning names it (`region`, `phase`, …), in lower case. */
const facetName = (name) => (PARAMETER_NAMES[name] || name).toLocaleLowerCase("sv");

/** What the API's warnings (the lines the command prints on standard error, src/search/) say,
 * in the page's words; a correction is said by "Menade du …?" instead (null). */
const WARNINGS = [
  [/^(showing results for |did you mean )/, () => null],
  [/^the query has only stop words \((.*)\), which are not searched, so nothing matches(?:; to search the kommun, use (.*))?$/,
    (m) => `Sökfrågan har bara stoppord (${m[1]}), som inte söks, så inget projekt matchar.${m[2] ? ` För att söka kommunen, skriv ${swedishOr(m[2])}.` : ""}`],
  [/^the query has no letters or digits \((.*)\), so nothing matches$/,
    (m) => `Sökfrågan har inga bokstäver eller siffror (${m[1]}), så inget projekt matchar.`],
  [/^(.*) is a stop word and is not searched; to search the kommun, use (.*)$/,
    (m) => `${m[1]} är ett stoppord och söks inte. För att söka kommunen, skriv ${swedishOr(m[2])}.`],
  [/^(.*) is a stop word: stop words are not indexed, so it is required of no document$/,
    (m) => `${m[1]} är ett stoppord: stoppord söks inte, så inget projekt kan krävas ha det. Ta bort + eller AND framför det.`],
  [/^(.*) (is a stop word|are stop words): stop words are not indexed, so the phrase "(.*)" is searched as "(.*)"$/,
    (m) => `${m[1]} ${m[2] === "is a stop word" ? "är ett stoppord" : "är stoppord"}: stoppord söks inte, så frasen "${m[3]}" söks som "${m[4]}".`],
  [/^"(.*)" is longer than a word can be \((\d+) bytes\) and is not searched(, so nothing matches)?$/,
    (m) => `"${m[1]}" är längre än ett ord kan vara (${m[2]} byte) och söks inte${m[3] ? ", så inget projekt matchar" : ""}.`],
  [/^no document has all the words; showing those with some$/,
    () => "Inget projekt har alla orden: här visas de som har några av dem."],
  [/^no document has ([a-z]+) "(.*)"(?:; did you mean (.*)\?)?$/,
    (m) => `Inget projekt har ${facetName(m[1])} "${m[2]}".${m[3] ? ` Menade du ${swedishOr(m[3])}?` : ""}`],
  [/^no document has ([a-z]+) (.*) or (\d+) more of the values given$/,
    (m) => `Inget projekt har ${facetName(m[1])} ${m[2]} eller ${m[3]} till av de valda värdena.`],
  [/^(.*) has no words that other documents share$/, (m) => `${m[1]} har inga ord som andra dokument också har.`],
];

/** The Swedish sentence of an API warning, null for one the page says otherwise. */
function warningInSwedish(text) {
  const said = translated(WARNINGS, String(text || ""));
  return said === null && /^(showing results for |did you mean )/.test(text) ? null
    : said || "Sökningen gav en anmärkning som sidan inte kan återge på svenska.";
}
