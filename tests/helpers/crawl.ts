// The link checker is product code now (`shelfmark linkcheck`); the tests import it from here as before.
export * from "../../src/linkcheck/crawl.ts";
