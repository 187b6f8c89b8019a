set _ccswitch_hook = @HOOK_PATH@ ;
set _ccswitch_python = @PYTHON@ ;
set _ccswitch_main = @MAIN@ ;
set _ccswitch_rev = @REV@ ;
alias ccswitch 'source $_ccswitch_hook:q command \!*' ;
alias ccswitch_prompt 'source $_ccswitch_hook:q prompt' ;
source $_ccswitch_hook:q install @PROMPT@ ;
