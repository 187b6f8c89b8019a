# ccswitch: prefix fish_prompt with the active route, as virtualenv does;
# CCSWITCH_DISABLE_PROMPT=1 turns it off. The original prompt is kept and called.
if not functions -q _ccswitch_original_fish_prompt
    functions -c fish_prompt _ccswitch_original_fish_prompt
    function fish_prompt
        if not set -q CCSWITCH_DISABLE_PROMPT; or test -z "$CCSWITCH_DISABLE_PROMPT"
            ccswitch_prompt
        end
        _ccswitch_original_fish_prompt
    end
end
