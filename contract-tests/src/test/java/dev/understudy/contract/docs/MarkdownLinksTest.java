package dev.understudy.contract.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** No relative link in any Markdown file of the repository is dead: each reaches a file, and its #fragment a heading. */
@Timeout(30)
class MarkdownLinksTest {

    /**
     * Pages another branch adds (the JUnit 5 extension and the runnable check), linked from docs/README.md already.
     * Empty this set once they are merged.
     */
    static final Set<String> ADDED_ON_OTHER_BRANCHES = Set.of();

    @Test
    void everyRelativeLinkReachesAFileAndItsAnchor() {
        List<String> dead = new ArrayList<>();
        int checked = 0;
        for (Path file : Markdown.allFiles()) {
            Markdown md = Markdown.read(file);
            for (Markdown.Link link : md.links()) {
                String target = link.target();
                if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {
                    continue; // http:, https:, mailto: ... are not files of this repository
                }
                checked++;
                String problem = problem(file, target);
                if (problem != null) {
                    dead.add(Markdown.ROOT.relativize(file) + ":" + link.line() + " (" + target + "): " + problem);
                }
            }
        }
        assertThat(checked).as("relative links found (the scan itself works)").isGreaterThan(10);
        assertThat(dead).as("dead relative links").isEmpty();
    }

    /** Why the link is dead, or null when it resolves. */
    static String problem(Path from, String target) {
        int hash = target.indexOf('#');
        String pathPart = hash < 0 ? target : target.substring(0, hash);
        String fragment = hash < 0 ? null : URLDecoder.decode(target.substring(hash + 1), StandardCharsets.UTF_8);
        Path resolved = pathPart.isEmpty() ? from
                : from.getParent().resolve(URLDecoder.decode(pathPart, StandardCharsets.UTF_8)).normalize();
        if (!resolved.startsWith(Markdown.ROOT)) {
            return "points outside the repository";
        }
        if (!Files.exists(resolved)) {
            String relative = Markdown.ROOT.relativize(resolved).toString().replace('\\', '/');
            return ADDED_ON_OTHER_BRANCHES.contains(relative) ? null : "no such file";
        }
        if (fragment != null && !fragment.isEmpty() && resolved.toString().endsWith(".md")) {
            Set<String> anchors = Markdown.read(resolved).anchors();
            if (!anchors.contains(fragment)) {
                return "no heading with anchor #" + fragment + " (anchors: " + anchors + ")";
            }
        }
        return null;
    }

    @Test
    void theCheckerCatchesAMissingFileAndAMissingAnchor() {
        Path readme = Markdown.ROOT.resolve("README.md");

        assertThat(problem(readme, "docs/no-such-page.md")).isEqualTo("no such file");
        assertThat(problem(readme, "docs/faults.md#no-such-heading")).startsWith("no heading with anchor");
        assertThat(problem(readme, "docs/faults.md#presets")).isNull();
        assertThat(problem(readme, "../../elsewhere.md")).isEqualTo("points outside the repository");
    }

    @Test
    void anchorsAreGitHubs() {
        assertThat(Markdown.slug("When several faults meet one request")).isEqualTo("when-several-faults-meet-one-request");
        assertThat(Markdown.slug("The `--fault` form, again!")).isEqualTo("the---fault-form-again");
        assertThat(Markdown.slug("What [the kit](x.md) says")).isEqualTo("what-the-kit-says");
    }
}
