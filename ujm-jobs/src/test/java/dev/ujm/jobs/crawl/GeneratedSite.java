package dev.ujm.jobs.crawl;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The site the crawl tests run against: a home page, 20 sections of 15 pages each linking in
 * cycles, and one of every trouble a crawler meets (robots.txt disallowing a section with a
 * crawl-delay and listing a sitemap, redirects, a redirect loop, 404, 500, a page past the timeout,
 * oversize pages, a PDF, duplicate content under two URLs, a non-canonical copy, a nofollow page, a
 * chain deeper than maxDepth, off-site and non-http links).
 */
final class GeneratedSite {
  static final int SECTIONS = 20;
  static final int PAGES_PER_SECTION = 15;
  static final int OVERSIZE = 200_000;

  private GeneratedSite() {}

  static TestSite start(String crawlDelaySeconds) throws IOException {
    TestSite site = new TestSite();
    String b = site.base();
    site.body(
        "/robots.txt",
        200,
        "text/plain",
        ("User-agent: *\nDisallow: /private/\nCrawl-delay: "
                + crawlDelaySeconds
                + "\nSitemap: "
                + b
                + "sitemap.xml\n")
            .getBytes(StandardCharsets.UTF_8));
    site.body(
        "/sitemap.xml",
        200,
        "application/xml",
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">"
                + "<url><loc>"
                + b
                + "orphan</loc></url><url><loc>"
                + b
                + "</loc></url></urlset>")
            .getBytes(StandardCharsets.UTF_8));
    List<String> homeLinks = new ArrayList<>();
    for (int s = 0; s < SECTIONS; s++) {
      homeLinks.add("/section/" + s);
    }
    homeLinks.addAll(
        List.of(
            "/private/a",
            "/private/b",
            "/old-page",
            "/to-section-0",
            "/loop-a",
            "/missing",
            "/broken",
            "/slow",
            "/huge",
            "/huge-chunked",
            "/report.pdf",
            "/dup-a",
            "/dup-b",
            "/print/section-3",
            "/nofollow",
            "/deep/1",
            "http://other.example/elsewhere",
            "mailto:someone@example.com",
            "javascript:void(0)",
            "#top",
            "/section/0#part-2",
            "/SECTION/../section/1"));
    site.html("/", page("Home", "The generated test site", null, homeLinks));
    for (int s = 0; s < SECTIONS; s++) {
      List<String> links = new ArrayList<>();
      for (int p = 0; p < PAGES_PER_SECTION; p++) {
        links.add("/section/" + s + "/page/" + p);
      }
      links.add("/");
      links.add("/section/" + ((s + 1) % SECTIONS));
      site.html("/section/" + s, page("Section " + s, "Pages of section " + s, null, links));
      for (int p = 0; p < PAGES_PER_SECTION; p++) {
        List<String> pageLinks =
            List.of(
                "/section/" + s + "/page/" + ((p + 1) % PAGES_PER_SECTION), "/section/" + s, "/");
        site.html(
            "/section/" + s + "/page/" + p, page("Page " + s + "." + p, null, null, pageLinks));
      }
    }
    site.html("/private/a", page("Private A", null, null, List.of()));
    site.html("/private/b", page("Private B", null, null, List.of()));
    site.redirect("/old-page", 301, "/new-page");
    site.html("/new-page", page("New page", "Moved here", null, List.of("/")));
    site.redirect("/to-section-0", 302, b + "section/0");
    site.redirect("/loop-a", 302, "/loop-b");
    site.redirect("/loop-b", 302, "/loop-a");
    site.body("/broken", 500, "text/html", "<html>oops</html>".getBytes(StandardCharsets.UTF_8));
    site.stall("/slow");
    String big =
        "<html><body>" + "x".repeat(OVERSIZE) + "<a href=\"/never-linked\">x</a></body></html>";
    site.html("/huge", big);
    site.chunked("/huge-chunked", "text/html", big.getBytes(StandardCharsets.UTF_8));
    site.body(
        "/report.pdf",
        200,
        "application/pdf",
        "%PDF-1.4 <a href=\"/never-linked\">".getBytes(StandardCharsets.UTF_8));
    String same = page("Same", "Same content", null, List.of("/"));
    site.html("/dup-a", same);
    site.html("/dup-b", same);
    site.html(
        "/print/section-3",
        page("Section 3 (print)", null, b + "section/3", List.of("/never-linked")));
    site.html(
        "/nofollow",
        "<html><head><title>No follow</title><meta name=\"robots\" content=\"noindex, nofollow\"></head>"
            + "<body><a href=\"/never-linked\">never</a></body></html>");
    site.html("/deep/1", page("Deep 1", null, null, List.of("/deep/2")));
    site.html("/deep/2", page("Deep 2", null, null, List.of("/deep/3")));
    site.html("/deep/3", page("Deep 3", null, null, List.of("/deep/4")));
    site.html("/deep/4", page("Deep 4", null, null, List.of()));
    site.html("/orphan", page("Orphan", "Only the sitemap knows me", null, List.of("/")));
    site.html("/never-linked", page("Never", null, null, List.of()));
    return site;
  }

  /** The paths whose fetch succeeds (2xx), as recorded under their own URL. */
  static List<String> fetchedPaths() {
    List<String> paths = new ArrayList<>(List.of("/"));
    for (int s = 0; s < SECTIONS; s++) {
      paths.add("/section/" + s);
      for (int p = 0; p < PAGES_PER_SECTION; p++) {
        paths.add("/section/" + s + "/page/" + p);
      }
    }
    paths.addAll(
        List.of(
            "/old-page",
            "/report.pdf",
            "/dup-a",
            "/dup-b",
            "/print/section-3",
            "/nofollow",
            "/deep/1",
            "/deep/2",
            "/deep/3",
            "/orphan"));
    return paths;
  }

  static String page(String title, String description, String canonical, List<String> links) {
    StringBuilder html =
        new StringBuilder("<!DOCTYPE html><html><head><title>").append(title).append("</title>");
    if (description != null) {
      html.append("<meta name=\"description\" content=\"").append(description).append("\">");
    }
    if (canonical != null) {
      html.append("<link rel=\"canonical\" href=\"").append(canonical).append("\">");
    }
    html.append("</head><body><h1>")
        .append(title)
        .append("</h1><p>Some text about ")
        .append(title)
        .append(".</p>");
    for (String link : links) {
      html.append("<a href=\"").append(link).append("\">").append(link).append("</a> ");
    }
    return html.append("</body></html>").toString();
  }
}
