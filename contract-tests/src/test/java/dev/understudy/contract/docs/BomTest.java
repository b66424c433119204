package dev.understudy.contract.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bom/pom.xml gives a build that imports it concrete versions (it has no parent, so every property it uses is its
 * own), and the versions it pins are written nowhere else: the parent imports it instead of repeating them.
 */
@Timeout(30)
class BomTest {

    private static final Pattern PROPERTY = Pattern.compile("\\$\\{([^}]+)}");

    @Test
    void everyVersionTheBomPinsResolvesWithinTheBom() throws Exception {
        Document bom = DocExamplesTest.xml(Files.readString(Markdown.ROOT.resolve("bom/pom.xml")));
        Element root = bom.getDocumentElement();
        assertThat(DocExamplesTest.child(root, "parent")).as("a BOM with a parent would hand its consumers the parent's pins").isNull();
        Map<String, String> properties = new HashMap<>();
        NodeList props = root.getElementsByTagName("properties");
        for (var n = props.item(0).getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                properties.put(e.getTagName(), e.getTextContent().strip());
            }
        }
        List<String> unresolved = new ArrayList<>();
        NodeList deps = root.getElementsByTagName("dependency");
        assertThat(deps.getLength()).isGreaterThan(10);
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            String version = DocExamplesTest.child(d, "version");
            Matcher m = PROPERTY.matcher(version == null ? "" : version);
            if (version == null) {
                unresolved.add(DocExamplesTest.child(d, "artifactId") + ": no version");
            }
            while (m.find()) {
                if (!m.group(1).equals("project.version") && !properties.containsKey(m.group(1))) {
                    unresolved.add(DocExamplesTest.child(d, "artifactId") + ": ${" + m.group(1) + "}");
                }
            }
        }
        assertThat(unresolved).as("versions a consumer of the BOM could not resolve").isEmpty();
    }

    @Test
    void theParentImportsTheBomAndRepeatsNoneOfItsPins() throws Exception {
        Set<String> pinned = managed(DocExamplesTest.xml(Files.readString(Markdown.ROOT.resolve("bom/pom.xml"))));
        Document parent = DocExamplesTest.xml(Files.readString(Markdown.ROOT.resolve("pom.xml")));
        Set<String> parentManaged = managed(parent);

        assertThat(parentManaged).contains("dev.understudy:understudy-bom");
        pinned.remove("dev.understudy:understudy-bom");
        assertThat(parentManaged).as("pins written twice").doesNotContainAnyElementsOf(pinned);
    }

    private static Set<String> managed(Document pom) {
        Set<String> out = new HashSet<>();
        NodeList dm = pom.getDocumentElement().getElementsByTagName("dependencyManagement");
        NodeList deps = ((Element) dm.item(0)).getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            out.add(DocExamplesTest.child(d, "groupId") + ":" + DocExamplesTest.child(d, "artifactId"));
        }
        return out;
    }
}
