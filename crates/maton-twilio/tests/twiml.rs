//! The TwiML builder: every verb rendered and read back with quick-xml's reader, escaping,
//! and one golden file per example (`tests/golden/*.xml`, compared byte for byte; regenerate
//! with `UPDATE_GOLDEN=1` and review the diff).

use std::path::PathBuf;
use std::time::Duration;

use maton_twilio::twiml::{
    Client, Conference, Dial, Enqueue, Gather, GatherInput, Message, MessagingResponse, Method,
    Number, Play, Queue, Record, Redirect, Reject, RejectReason, Say, Sim, Sip, Sms, Trim, Voice,
    VoiceResponse,
};
use quick_xml::Reader;
use quick_xml::events::Event;

/// A parsed element: name, attributes (unescaped), text (unescaped), children.
#[derive(Debug, PartialEq)]
struct Node {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<Node>,
}

fn parse(xml: &str) -> Node {
    let mut reader = Reader::from_str(xml);
    let mut stack: Vec<Node> = Vec::new();
    let mut saw_decl = false;
    loop {
        match reader.read_event().expect("well-formed XML") {
            Event::Decl(decl) => {
                assert_eq!(decl.version().expect("version"), "1.0");
                saw_decl = true;
            }
            Event::Start(start) => stack.push(node(&start)),
            Event::Empty(start) => {
                let leaf = node(&start);
                match stack.last_mut() {
                    Some(parent) => parent.children.push(leaf),
                    None => {
                        assert!(saw_decl);
                        return leaf;
                    }
                }
            }
            Event::Text(text) => {
                let text = text.xml10_content().into_owned();
                stack
                    .last_mut()
                    .expect("text inside an element")
                    .text
                    .push_str(&text);
            }
            Event::GeneralRef(reference) => {
                let name = reference.as_ref().to_string();
                let resolved = match name.as_str() {
                    "lt" => "<",
                    "gt" => ">",
                    "amp" => "&",
                    "quot" => "\"",
                    "apos" => "'",
                    other => panic!("unexpected entity {other}"),
                };
                stack
                    .last_mut()
                    .expect("inside an element")
                    .text
                    .push_str(resolved);
            }
            Event::End(_) => {
                let done = stack.pop().expect("balanced");
                match stack.last_mut() {
                    Some(parent) => parent.children.push(done),
                    None => {
                        assert!(saw_decl);
                        return done;
                    }
                }
            }
            Event::Eof => panic!("document ended early"),
            other => panic!("unexpected event {other:?}"),
        }
    }
}

fn node(start: &quick_xml::events::BytesStart<'_>) -> Node {
    Node {
        name: start.name().as_ref().to_string(),
        attrs: start
            .attributes()
            .map(|a| {
                let a = a.expect("attribute");
                (
                    a.key.as_ref().to_string(),
                    a.normalized_value(quick_xml::XmlVersion::Explicit1_0)
                        .expect("value")
                        .into_owned(),
                )
            })
            .collect(),
        text: String::new(),
        children: Vec::new(),
    }
}

fn attr<'a>(node: &'a Node, name: &str) -> Option<&'a str> {
    node.attrs
        .iter()
        .find(|(k, _)| k == name)
        .map(|(_, v)| v.as_str())
}

fn names(node: &Node) -> Vec<&str> {
    node.children.iter().map(|c| c.name.as_str()).collect()
}

fn golden(name: &str, xml: &str) {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/golden")
        .join(format!("{name}.xml"));
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        std::fs::write(&path, xml).expect("write golden file");
    }
    let expected = std::fs::read_to_string(&path).expect("golden file exists");
    assert_eq!(xml, expected, "{} differs", path.display());
}

fn voice_everything() -> VoiceResponse {
    VoiceResponse::new()
        .say(
            Say::new("Hello, welcome.")
                .voice(Voice::Polly("Joanna".into()))
                .language("en-US")
                .loop_count(2),
        )
        .play(Play::new("https://example.com/hello.mp3").loop_count(3))
        .play(Play::digits("ww1234#"))
        .pause(Duration::from_secs(2))
        .gather(
            Gather::new()
                .input(GatherInput::DtmfSpeech)
                .action("https://example.com/menu")
                .method(Method::Post)
                .timeout(Duration::from_secs(5))
                .finish_on_key("#")
                .num_digits(1)
                .speech_timeout("auto")
                .language("en-GB")
                .hints("sales, support")
                .action_on_empty_result(true)
                .barge_in(false)
                .partial_result_callback("https://example.com/partial")
                .say(Say::new("Press 1 for sales.").voice(Voice::Alice))
                .pause(Duration::from_secs(1))
                .play("https://example.com/beep.mp3"),
        )
        .dial(
            Dial::nouns()
                .action("https://example.com/dial-done")
                .method(Method::Get)
                .timeout(Duration::from_secs(20))
                .hangup_on_star(true)
                .time_limit(Duration::from_secs(600))
                .caller_id("+15551234567")
                .record("record-from-answer")
                .answer_on_bridge(true)
                .number(
                    Number::new("+15559876543")
                        .send_digits("wwww1928")
                        .url("https://example.com/whisper")
                        .method(Method::Post)
                        .status_callback("https://example.com/leg"),
                )
                .client(Client::new("alice").url("https://example.com/c"))
                .sip(
                    Sip::new("sip:bob@example.com")
                        .username("bob")
                        .password("pw"),
                )
                .sim(Sim::new("DE0123456789abcdef0123456789abcdef")),
        )
        .dial("+15550001111")
        .dial(
            Dial::nouns().conference(
                Conference::new("Room 42")
                    .start_conference_on_enter(true)
                    .end_conference_on_exit(false)
                    .muted(false)
                    .beep("onEnter")
                    .wait_url("https://example.com/hold")
                    .max_participants(10),
            ),
        )
        .dial(
            Dial::nouns().queue(Queue::new("support").url("https://example.com/about-to-connect")),
        )
        .record(
            Record::new()
                .action("https://example.com/recorded")
                .method(Method::Post)
                .timeout(Duration::from_secs(3))
                .finish_on_key("*")
                .max_length(Duration::from_secs(120))
                .play_beep(true)
                .trim(Trim::DoNotTrim)
                .recording_status_callback("https://example.com/recording")
                .transcribe(false),
        )
        .enqueue(
            Enqueue::new("support")
                .action("https://example.com/left-queue")
                .wait_url("https://example.com/wait")
                .wait_url_method(Method::Get),
        )
        .leave()
        .sms(
            Sms::new("Thanks for calling")
                .to("+15559876543")
                .from("+15551234567"),
        )
        .redirect(Redirect::new("https://example.com/next").method(Method::Get))
        .reject(Reject::new().reason(RejectReason::Busy))
        .hangup()
}

#[test]
fn every_voice_verb_renders_and_parses_back() {
    let xml = voice_everything().to_xml();
    assert!(xml.starts_with(r#"<?xml version="1.0" encoding="UTF-8"?><Response>"#));
    let root = parse(&xml);
    assert_eq!(root.name, "Response");
    assert_eq!(
        names(&root),
        [
            "Say", "Play", "Play", "Pause", "Gather", "Dial", "Dial", "Dial", "Dial", "Record",
            "Enqueue", "Leave", "Sms", "Redirect", "Reject", "Hangup"
        ]
    );
    let say = &root.children[0];
    assert_eq!(say.text, "Hello, welcome.");
    assert_eq!(attr(say, "voice"), Some("Polly.Joanna"));
    assert_eq!(attr(say, "language"), Some("en-US"));
    assert_eq!(attr(say, "loop"), Some("2"));
    assert_eq!(attr(&root.children[2], "digits"), Some("ww1234#"));
    assert_eq!(attr(&root.children[3], "length"), Some("2"));
    let gather = &root.children[4];
    assert_eq!(names(gather), ["Say", "Pause", "Play"]);
    assert_eq!(attr(gather, "input"), Some("dtmf speech"));
    assert_eq!(attr(gather, "numDigits"), Some("1"));
    assert_eq!(attr(gather, "actionOnEmptyResult"), Some("true"));
    assert_eq!(attr(gather, "bargeIn"), Some("false"));
    assert_eq!(attr(gather, "timeout"), Some("5"));
    let dial = &root.children[5];
    assert_eq!(names(dial), ["Number", "Client", "Sip", "Sim"]);
    assert_eq!(attr(dial, "method"), Some("GET"));
    assert_eq!(attr(dial, "timeLimit"), Some("600"));
    assert_eq!(attr(&dial.children[0], "sendDigits"), Some("wwww1928"));
    assert_eq!(dial.children[0].text, "+15559876543");
    assert_eq!(attr(&dial.children[2], "username"), Some("bob"));
    assert_eq!(root.children[6].text, "+15550001111");
    assert_eq!(names(&root.children[7]), ["Conference"]);
    assert_eq!(attr(&root.children[7].children[0], "beep"), Some("onEnter"));
    assert_eq!(names(&root.children[8]), ["Queue"]);
    assert_eq!(attr(&root.children[9], "trim"), Some("do-not-trim"));
    assert_eq!(attr(&root.children[9], "maxLength"), Some("120"));
    assert_eq!(root.children[10].text, "support");
    assert_eq!(attr(&root.children[12], "to"), Some("+15559876543"));
    assert_eq!(attr(&root.children[14], "reason"), Some("busy"));
    assert!(root.children[15].children.is_empty() && root.children[15].text.is_empty());
    golden("voice_every_verb", &xml);
}

#[test]
fn messaging_renders_text_body_and_media() {
    let response = MessagingResponse::new()
        .message("Thanks, got it.")
        .message(
            Message::new("Here is the picture")
                .media("https://example.com/cat.jpg")
                .to("+15559876543")
                .from("+15551234567")
                .action("https://example.com/status")
                .method(Method::Post)
                .status_callback("https://example.com/cb"),
        )
        .message(Message::empty().body("Only a body"))
        .redirect("https://example.com/more");
    let xml = response.to_xml();
    let root = parse(&xml);
    assert_eq!(names(&root), ["Message", "Message", "Message", "Redirect"]);
    assert_eq!(root.children[0].text, "Thanks, got it.");
    let mms = &root.children[1];
    assert_eq!(names(mms), ["Body", "Media"]);
    assert_eq!(mms.children[0].text, "Here is the picture");
    assert_eq!(mms.children[1].text, "https://example.com/cat.jpg");
    assert_eq!(attr(mms, "statusCallback"), Some("https://example.com/cb"));
    assert_eq!(names(&root.children[2]), ["Body"]);
    golden("messaging", &xml);
}

#[test]
fn text_and_attributes_are_escaped() {
    let nasty = r#"Tom & Jerry say "<hi>" it's café ☕ 你好"#;
    let xml = VoiceResponse::new()
        .say(Say::new(nasty).language(nasty))
        .redirect("https://example.com/next?a=1&b=<2>")
        .to_xml();
    // Nothing raw that would break the document or inject an element.
    assert!(!xml.contains("<hi>"));
    assert!(!xml.contains("&b"));
    assert!(xml.contains("Tom &amp; Jerry"));
    assert!(xml.contains("&lt;hi&gt;"));
    assert!(xml.contains("café ☕ 你好"), "non-ASCII stays UTF-8: {xml}");
    let root = parse(&xml);
    assert_eq!(root.children[0].text, nasty);
    assert_eq!(attr(&root.children[0], "language"), Some(nasty));
    assert_eq!(root.children[1].text, "https://example.com/next?a=1&b=<2>");
    golden("escaping", &xml);
}

#[test]
fn empty_responses_and_simple_answers() {
    assert_eq!(
        VoiceResponse::new().to_xml(),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response/>"#
    );
    assert_eq!(
        MessagingResponse::new().to_xml(),
        r#"<?xml version="1.0" encoding="UTF-8"?><Response/>"#
    );
    let answer = VoiceResponse::new().say("Hello from Rust").hangup();
    let xml: String = answer.clone().into();
    assert_eq!(xml, answer.to_string());
    golden("answer_call", &xml);
    let reply = MessagingResponse::new().message("Got it!").to_xml();
    golden("reply_sms", &reply);
    // A Dial's number becomes a <Number> once a noun is added, a Message's text a <Body>.
    let dial = VoiceResponse::new()
        .dial(Dial::new("+15550001111").client("bob"))
        .to_xml();
    let dial = parse(&dial);
    assert_eq!(names(&dial.children[0]), ["Number", "Client"]);
    assert_eq!(dial.children[0].children[0].text, "+15550001111");
    // A repeated setter replaces the value in place.
    let say = VoiceResponse::new()
        .say(Say::new("x").voice(Voice::Man).voice(Voice::Woman))
        .to_xml();
    assert_eq!(
        parse(&say).children[0].attrs,
        [("voice".to_string(), "woman".to_string())]
    );
}
