package org.csghub.repo.internal;

import java.util.Map;
import org.csghub.repo.api.CardReader;
import org.osgi.service.component.annotations.Component;

/** {@link CardReader} over the registry's own card parsing ({@link Cards}). */
@Component(service = CardReader.class)
public class DefaultCardReader implements CardReader {

    @Override
    public Map<String, Object> frontMatter(String readme) {
        return Cards.frontMatter(readme);
    }
}
