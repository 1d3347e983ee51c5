package org.csghub.repo.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CardsTest {

    @Test
    void readsFrontMatter() {
        Map<String, Object> m = Cards.frontMatter("---\nlicense: apache-2.0\ntags:\n- llm\n- chat\nbase_model: org/base\n---\n# Model\n");
        assertEquals("apache-2.0", m.get("license"));
        assertEquals(List.of("llm", "chat"), m.get("tags"));
        assertEquals("org/base", m.get("base_model"));
    }

    @Test
    void acceptsCrLfAndBom() {
        assertEquals("mit", Cards.frontMatter("\uFEFF---\r\nlicense: mit\r\n---\r\ntext").get("license"));
    }

    @Test
    void noFrontMatterOrBrokenYamlGivesNothing() {
        assertTrue(Cards.frontMatter("# just a title\n---\nlicense: mit\n---\n").isEmpty());
        assertTrue(Cards.frontMatter("---\nlicense: [unclosed\n---\n").isEmpty());
        assertTrue(Cards.frontMatter("---\n- a list\n---\n").isEmpty());
        assertTrue(Cards.frontMatter(null).isEmpty());
        assertTrue(Cards.frontMatter("---\nlicense: mit\n").isEmpty(), "front matter must be closed");
    }

    @Test
    void refusesTypeTagsAndAliasBombs() {
        assertTrue(Cards.frontMatter("---\nx: !!java.io.File /etc\n---\n").isEmpty());
        StringBuilder bomb = new StringBuilder("---\na: &a [x,x,x,x,x,x,x,x,x]\n");
        char prev = 'a';
        for (char c = 'b'; c <= 'z'; c++) {
            bomb.append(c).append(": &").append(c).append(" [");
            for (int i = 0; i < 9; i++) {
                bomb.append(i == 0 ? "" : ",").append('*').append(prev);
            }
            bomb.append("]\n");
            prev = c;
        }
        bomb.append("---\n");
        assertTrue(Cards.frontMatter(bomb.toString()).isEmpty());
    }
}
