package dev.arbiter.judge.parse;

import dev.arbiter.judge.pairwise.PairwiseVerdict;
import dev.arbiter.judge.pairwise.Preference;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The part every pairwise parser shares: take the last unquoted match of the protocol's
 * decision marker and map it to a position, telling "quoted only" apart from "absent" in the
 * failure reason so operators can see when a candidate's text, not the judge, held the marker.
 */
final class PreferenceMarkerReader {

    private final Pattern marker;
    private final Function<MarkerScan.MatchResultView, Preference> toPreference;
    private final String markerDescription;

    PreferenceMarkerReader(Pattern marker, Function<MarkerScan.MatchResultView, Preference> toPreference,
                           String markerDescription) {
        this.marker = marker;
        this.toPreference = toPreference;
        this.markerDescription = markerDescription;
    }

    PairwiseVerdict read(String text) {
        Optional<MarkerScan.MatchResultView> last = MarkerScan.lastUnquoted(marker, text);
        if (last.isEmpty()) {
            String why = MarkerScan.anyMatch(marker, text)
                    ? markerDescription + " appears only inside quoted text" : "no " + markerDescription;
            return PairwiseVerdict.parseFailed(text, why);
        }
        return PairwiseVerdict.ok(toPreference.apply(last.get()), text);
    }
}
