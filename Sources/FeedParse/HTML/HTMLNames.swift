// The names of the lists in Sanitizer.swift (`Sanitizer.elements`, `dropWithContent`, `void`,
// `attributes`, `urlAttributes`, `schemes`, `styleProperties`) and of `HTMLTokenizer.rawText`, as
// switches over names packed into integers (as `PlainText.pack` packs them, big-endian: "div" is
// 0x646976): no hashing and no string on the path taken at every tag. The lists stay the reference:
// `SanitizeTests.testNameTablesAgreeWithTheLists` checks that the two agree, so a name added to a
// list must be added here too.

/// An element name as the sanitizer knows it: a code for each name of `Sanitizer.elements` (1...84)
/// and `Sanitizer.dropWithContent` (85...111), 0 for any other name.
struct HTMLElement: Equatable {
    let code: UInt8

    static let unknown = HTMLElement(code: 0)
    static let count = 112
    static let img = HTMLElement(code: 43)
    static let script = HTMLElement(code: 85)
    static let style = HTMLElement(code: 86)

    /// In `Sanitizer.elements`: kept.
    @inline(__always) var isAllowed: Bool { code != 0 && code <= 84 }
    /// In `Sanitizer.dropWithContent`: dropped with its content.
    @inline(__always) var dropsContent: Bool { code > 84 }

    /// In `Sanitizer.void`: never has content nor an end tag.
    var isVoid: Bool {
        switch code {
        case 5, 14, 19, 41, 43, 63, 78, 84, 88, 92, 104, 105, 106, 107, 108: return true
        default: return false
        }
    }

    /// In `HTMLTokenizer.rawText`: its content is text up to its end tag.
    var isRawText: Bool {
        switch code {
        case 85, 86, 87, 93, 94, 99, 103, 110, 111: return true
        default: return false
        }
    }

    /// The name, lower-case.
    var name: StaticString {
        switch code {
        case 1: return "a"
        case 2: return "abbr"
        case 3: return "acronym"
        case 4: return "address"
        case 5: return "area"
        case 6: return "article"
        case 7: return "aside"
        case 8: return "audio"
        case 9: return "b"
        case 10: return "bdi"
        case 11: return "bdo"
        case 12: return "big"
        case 13: return "blockquote"
        case 14: return "br"
        case 15: return "caption"
        case 16: return "center"
        case 17: return "cite"
        case 18: return "code"
        case 19: return "col"
        case 20: return "colgroup"
        case 21: return "dd"
        case 22: return "del"
        case 23: return "details"
        case 24: return "dfn"
        case 25: return "dir"
        case 26: return "div"
        case 27: return "dl"
        case 28: return "dt"
        case 29: return "em"
        case 30: return "figcaption"
        case 31: return "figure"
        case 32: return "font"
        case 33: return "footer"
        case 34: return "h1"
        case 35: return "h2"
        case 36: return "h3"
        case 37: return "h4"
        case 38: return "h5"
        case 39: return "h6"
        case 40: return "header"
        case 41: return "hr"
        case 42: return "i"
        case 43: return "img"
        case 44: return "ins"
        case 45: return "kbd"
        case 46: return "li"
        case 47: return "map"
        case 48: return "mark"
        case 49: return "menu"
        case 50: return "nav"
        case 51: return "ol"
        case 52: return "p"
        case 53: return "picture"
        case 54: return "pre"
        case 55: return "q"
        case 56: return "rp"
        case 57: return "rt"
        case 58: return "ruby"
        case 59: return "s"
        case 60: return "samp"
        case 61: return "section"
        case 62: return "small"
        case 63: return "source"
        case 64: return "span"
        case 65: return "strike"
        case 66: return "strong"
        case 67: return "sub"
        case 68: return "summary"
        case 69: return "sup"
        case 70: return "table"
        case 71: return "tbody"
        case 72: return "td"
        case 73: return "tfoot"
        case 74: return "th"
        case 75: return "thead"
        case 76: return "time"
        case 77: return "tr"
        case 78: return "track"
        case 79: return "tt"
        case 80: return "u"
        case 81: return "ul"
        case 82: return "var"
        case 83: return "video"
        case 84: return "wbr"
        case 85: return "script"
        case 86: return "style"
        case 87: return "iframe"
        case 88: return "frame"
        case 89: return "frameset"
        case 90: return "object"
        case 91: return "applet"
        case 92: return "embed"
        case 93: return "noembed"
        case 94: return "noframes"
        case 95: return "template"
        case 96: return "svg"
        case 97: return "math"
        case 98: return "head"
        case 99: return "title"
        case 100: return "form"
        case 101: return "button"
        case 102: return "select"
        case 103: return "textarea"
        case 104: return "input"
        case 105: return "param"
        case 106: return "base"
        case 107: return "link"
        case 108: return "meta"
        case 109: return "noscript"
        case 110: return "xmp"
        case 111: return "plaintext"
        default: return ""
        }
    }

    /// The element of a name as read (ASCII bytes of at most 10 bytes, lower-cased here; the first is no NUL).
    @inline(__always)
    static func ascii(packed: UInt64) -> HTMLElement {
        switch packed {
        case 0x61: return HTMLElement(code: 1)  // a
        case 0x61626272: return HTMLElement(code: 2)  // abbr
        case 0x6163726F6E796D: return HTMLElement(code: 3)  // acronym
        case 0x61646472657373: return HTMLElement(code: 4)  // address
        case 0x61726561: return HTMLElement(code: 5)  // area
        case 0x61727469636C65: return HTMLElement(code: 6)  // article
        case 0x6173696465: return HTMLElement(code: 7)  // aside
        case 0x617564696F: return HTMLElement(code: 8)  // audio
        case 0x62: return HTMLElement(code: 9)  // b
        case 0x626469: return HTMLElement(code: 10)  // bdi
        case 0x62646F: return HTMLElement(code: 11)  // bdo
        case 0x626967: return HTMLElement(code: 12)  // big
        case 0x6272: return HTMLElement(code: 14)  // br
        case 0x63617074696F6E: return HTMLElement(code: 15)  // caption
        case 0x63656E746572: return HTMLElement(code: 16)  // center
        case 0x63697465: return HTMLElement(code: 17)  // cite
        case 0x636F6465: return HTMLElement(code: 18)  // code
        case 0x636F6C: return HTMLElement(code: 19)  // col
        case 0x636F6C67726F7570: return HTMLElement(code: 20)  // colgroup
        case 0x6464: return HTMLElement(code: 21)  // dd
        case 0x64656C: return HTMLElement(code: 22)  // del
        case 0x64657461696C73: return HTMLElement(code: 23)  // details
        case 0x64666E: return HTMLElement(code: 24)  // dfn
        case 0x646972: return HTMLElement(code: 25)  // dir
        case 0x646976: return HTMLElement(code: 26)  // div
        case 0x646C: return HTMLElement(code: 27)  // dl
        case 0x6474: return HTMLElement(code: 28)  // dt
        case 0x656D: return HTMLElement(code: 29)  // em
        case 0x666967757265: return HTMLElement(code: 31)  // figure
        case 0x666F6E74: return HTMLElement(code: 32)  // font
        case 0x666F6F746572: return HTMLElement(code: 33)  // footer
        case 0x6831: return HTMLElement(code: 34)  // h1
        case 0x6832: return HTMLElement(code: 35)  // h2
        case 0x6833: return HTMLElement(code: 36)  // h3
        case 0x6834: return HTMLElement(code: 37)  // h4
        case 0x6835: return HTMLElement(code: 38)  // h5
        case 0x6836: return HTMLElement(code: 39)  // h6
        case 0x686561646572: return HTMLElement(code: 40)  // header
        case 0x6872: return HTMLElement(code: 41)  // hr
        case 0x69: return HTMLElement(code: 42)  // i
        case 0x696D67: return HTMLElement(code: 43)  // img
        case 0x696E73: return HTMLElement(code: 44)  // ins
        case 0x6B6264: return HTMLElement(code: 45)  // kbd
        case 0x6C69: return HTMLElement(code: 46)  // li
        case 0x6D6170: return HTMLElement(code: 47)  // map
        case 0x6D61726B: return HTMLElement(code: 48)  // mark
        case 0x6D656E75: return HTMLElement(code: 49)  // menu
        case 0x6E6176: return HTMLElement(code: 50)  // nav
        case 0x6F6C: return HTMLElement(code: 51)  // ol
        case 0x70: return HTMLElement(code: 52)  // p
        case 0x70696374757265: return HTMLElement(code: 53)  // picture
        case 0x707265: return HTMLElement(code: 54)  // pre
        case 0x71: return HTMLElement(code: 55)  // q
        case 0x7270: return HTMLElement(code: 56)  // rp
        case 0x7274: return HTMLElement(code: 57)  // rt
        case 0x72756279: return HTMLElement(code: 58)  // ruby
        case 0x73: return HTMLElement(code: 59)  // s
        case 0x73616D70: return HTMLElement(code: 60)  // samp
        case 0x73656374696F6E: return HTMLElement(code: 61)  // section
        case 0x736D616C6C: return HTMLElement(code: 62)  // small
        case 0x736F75726365: return HTMLElement(code: 63)  // source
        case 0x7370616E: return HTMLElement(code: 64)  // span
        case 0x737472696B65: return HTMLElement(code: 65)  // strike
        case 0x7374726F6E67: return HTMLElement(code: 66)  // strong
        case 0x737562: return HTMLElement(code: 67)  // sub
        case 0x73756D6D617279: return HTMLElement(code: 68)  // summary
        case 0x737570: return HTMLElement(code: 69)  // sup
        case 0x7461626C65: return HTMLElement(code: 70)  // table
        case 0x74626F6479: return HTMLElement(code: 71)  // tbody
        case 0x7464: return HTMLElement(code: 72)  // td
        case 0x74666F6F74: return HTMLElement(code: 73)  // tfoot
        case 0x7468: return HTMLElement(code: 74)  // th
        case 0x7468656164: return HTMLElement(code: 75)  // thead
        case 0x74696D65: return HTMLElement(code: 76)  // time
        case 0x7472: return HTMLElement(code: 77)  // tr
        case 0x747261636B: return HTMLElement(code: 78)  // track
        case 0x7474: return HTMLElement(code: 79)  // tt
        case 0x75: return HTMLElement(code: 80)  // u
        case 0x756C: return HTMLElement(code: 81)  // ul
        case 0x766172: return HTMLElement(code: 82)  // var
        case 0x766964656F: return HTMLElement(code: 83)  // video
        case 0x776272: return HTMLElement(code: 84)  // wbr
        case 0x736372697074: return HTMLElement(code: 85)  // script
        case 0x7374796C65: return HTMLElement(code: 86)  // style
        case 0x696672616D65: return HTMLElement(code: 87)  // iframe
        case 0x6672616D65: return HTMLElement(code: 88)  // frame
        case 0x6672616D65736574: return HTMLElement(code: 89)  // frameset
        case 0x6F626A656374: return HTMLElement(code: 90)  // object
        case 0x6170706C6574: return HTMLElement(code: 91)  // applet
        case 0x656D626564: return HTMLElement(code: 92)  // embed
        case 0x6E6F656D626564: return HTMLElement(code: 93)  // noembed
        case 0x6E6F6672616D6573: return HTMLElement(code: 94)  // noframes
        case 0x74656D706C617465: return HTMLElement(code: 95)  // template
        case 0x737667: return HTMLElement(code: 96)  // svg
        case 0x6D617468: return HTMLElement(code: 97)  // math
        case 0x68656164: return HTMLElement(code: 98)  // head
        case 0x7469746C65: return HTMLElement(code: 99)  // title
        case 0x666F726D: return HTMLElement(code: 100)  // form
        case 0x627574746F6E: return HTMLElement(code: 101)  // button
        case 0x73656C656374: return HTMLElement(code: 102)  // select
        case 0x7465787461726561: return HTMLElement(code: 103)  // textarea
        case 0x696E707574: return HTMLElement(code: 104)  // input
        case 0x706172616D: return HTMLElement(code: 105)  // param
        case 0x62617365: return HTMLElement(code: 106)  // base
        case 0x6C696E6B: return HTMLElement(code: 107)  // link
        case 0x6D657461: return HTMLElement(code: 108)  // meta
        case 0x6E6F736372697074: return HTMLElement(code: 109)  // noscript
        case 0x786D70: return HTMLElement(code: 110)  // xmp
        default: return .unknown
        }
    }
    /// Names longer than 8 bytes.
    static let long: [(StaticString, UInt8)] = [("blockquote", 13), ("figcaption", 30), ("plaintext", 111)]
}

/// An attribute name as the sanitizer knows it: a code for each name of `Sanitizer.attributes`
/// (1...59), 0 for any other name.
struct HTMLAttribute: Equatable {
    let code: UInt8

    static let unknown = HTMLAttribute(code: 0)
    static let count = 60
    static let src = HTMLAttribute(code: 48)
    static let style = HTMLAttribute(code: 51)

    /// In `Sanitizer.urlAttributes`: a URL, checked and resolved.
    var isURL: Bool {
        switch code {
        case 11, 25, 31, 37, 48, 55: return true
        default: return false
        }
    }

    /// The name, lower-case.
    var name: StaticString {
        switch code {
        case 1: return "abbr"
        case 2: return "align"
        case 3: return "alt"
        case 4: return "axis"
        case 5: return "bgcolor"
        case 6: return "border"
        case 7: return "cellpadding"
        case 8: return "cellspacing"
        case 9: return "char"
        case 10: return "charoff"
        case 11: return "cite"
        case 12: return "class"
        case 13: return "clear"
        case 14: return "color"
        case 15: return "cols"
        case 16: return "colspan"
        case 17: return "controls"
        case 18: return "coords"
        case 19: return "datetime"
        case 20: return "dir"
        case 21: return "face"
        case 22: return "frame"
        case 23: return "headers"
        case 24: return "height"
        case 25: return "href"
        case 26: return "hreflang"
        case 27: return "hspace"
        case 28: return "kind"
        case 29: return "label"
        case 30: return "lang"
        case 31: return "longdesc"
        case 32: return "loop"
        case 33: return "muted"
        case 34: return "name"
        case 35: return "nowrap"
        case 36: return "open"
        case 37: return "poster"
        case 38: return "preload"
        case 39: return "rel"
        case 40: return "rev"
        case 41: return "reversed"
        case 42: return "rowspan"
        case 43: return "rules"
        case 44: return "scope"
        case 45: return "shape"
        case 46: return "size"
        case 47: return "span"
        case 48: return "src"
        case 49: return "srclang"
        case 50: return "start"
        case 51: return "style"
        case 52: return "summary"
        case 53: return "title"
        case 54: return "type"
        case 55: return "usemap"
        case 56: return "valign"
        case 57: return "value"
        case 58: return "vspace"
        case 59: return "width"
        default: return ""
        }
    }

    @inline(__always)
    static func ascii(packed: UInt64) -> HTMLAttribute {
        switch packed {
        case 0x61626272: return HTMLAttribute(code: 1)  // abbr
        case 0x616C69676E: return HTMLAttribute(code: 2)  // align
        case 0x616C74: return HTMLAttribute(code: 3)  // alt
        case 0x61786973: return HTMLAttribute(code: 4)  // axis
        case 0x6267636F6C6F72: return HTMLAttribute(code: 5)  // bgcolor
        case 0x626F72646572: return HTMLAttribute(code: 6)  // border
        case 0x63686172: return HTMLAttribute(code: 9)  // char
        case 0x636861726F6666: return HTMLAttribute(code: 10)  // charoff
        case 0x63697465: return HTMLAttribute(code: 11)  // cite
        case 0x636C617373: return HTMLAttribute(code: 12)  // class
        case 0x636C656172: return HTMLAttribute(code: 13)  // clear
        case 0x636F6C6F72: return HTMLAttribute(code: 14)  // color
        case 0x636F6C73: return HTMLAttribute(code: 15)  // cols
        case 0x636F6C7370616E: return HTMLAttribute(code: 16)  // colspan
        case 0x636F6E74726F6C73: return HTMLAttribute(code: 17)  // controls
        case 0x636F6F726473: return HTMLAttribute(code: 18)  // coords
        case 0x6461746574696D65: return HTMLAttribute(code: 19)  // datetime
        case 0x646972: return HTMLAttribute(code: 20)  // dir
        case 0x66616365: return HTMLAttribute(code: 21)  // face
        case 0x6672616D65: return HTMLAttribute(code: 22)  // frame
        case 0x68656164657273: return HTMLAttribute(code: 23)  // headers
        case 0x686569676874: return HTMLAttribute(code: 24)  // height
        case 0x68726566: return HTMLAttribute(code: 25)  // href
        case 0x687265666C616E67: return HTMLAttribute(code: 26)  // hreflang
        case 0x687370616365: return HTMLAttribute(code: 27)  // hspace
        case 0x6B696E64: return HTMLAttribute(code: 28)  // kind
        case 0x6C6162656C: return HTMLAttribute(code: 29)  // label
        case 0x6C616E67: return HTMLAttribute(code: 30)  // lang
        case 0x6C6F6E6764657363: return HTMLAttribute(code: 31)  // longdesc
        case 0x6C6F6F70: return HTMLAttribute(code: 32)  // loop
        case 0x6D75746564: return HTMLAttribute(code: 33)  // muted
        case 0x6E616D65: return HTMLAttribute(code: 34)  // name
        case 0x6E6F77726170: return HTMLAttribute(code: 35)  // nowrap
        case 0x6F70656E: return HTMLAttribute(code: 36)  // open
        case 0x706F73746572: return HTMLAttribute(code: 37)  // poster
        case 0x7072656C6F6164: return HTMLAttribute(code: 38)  // preload
        case 0x72656C: return HTMLAttribute(code: 39)  // rel
        case 0x726576: return HTMLAttribute(code: 40)  // rev
        case 0x7265766572736564: return HTMLAttribute(code: 41)  // reversed
        case 0x726F777370616E: return HTMLAttribute(code: 42)  // rowspan
        case 0x72756C6573: return HTMLAttribute(code: 43)  // rules
        case 0x73636F7065: return HTMLAttribute(code: 44)  // scope
        case 0x7368617065: return HTMLAttribute(code: 45)  // shape
        case 0x73697A65: return HTMLAttribute(code: 46)  // size
        case 0x7370616E: return HTMLAttribute(code: 47)  // span
        case 0x737263: return HTMLAttribute(code: 48)  // src
        case 0x7372636C616E67: return HTMLAttribute(code: 49)  // srclang
        case 0x7374617274: return HTMLAttribute(code: 50)  // start
        case 0x7374796C65: return HTMLAttribute(code: 51)  // style
        case 0x73756D6D617279: return HTMLAttribute(code: 52)  // summary
        case 0x7469746C65: return HTMLAttribute(code: 53)  // title
        case 0x74797065: return HTMLAttribute(code: 54)  // type
        case 0x7573656D6170: return HTMLAttribute(code: 55)  // usemap
        case 0x76616C69676E: return HTMLAttribute(code: 56)  // valign
        case 0x76616C7565: return HTMLAttribute(code: 57)  // value
        case 0x767370616365: return HTMLAttribute(code: 58)  // vspace
        case 0x7769647468: return HTMLAttribute(code: 59)  // width
        default: return .unknown
        }
    }
    /// Names longer than 8 bytes.
    static let long: [(StaticString, UInt8)] = [("cellpadding", 7), ("cellspacing", 8)]
}

/// The schemes of `Sanitizer.schemes` (and `data`), packed lower-case.
enum HTMLScheme {
    static let data: UInt64 = 0x64617461
    @inline(__always)
    static func isAllowed(packed: UInt64) -> Bool {
        switch packed {
        case 0x68747470 /* http */,
             0x6874747073 /* https */,
             0x667470 /* ftp */,
             0x66747073 /* ftps */,
             0x6D61696C746F /* mailto */,
             0x6E657773 /* news */,
             0x6E6E7470 /* nntp */,
             0x74656C /* tel */,
             0x736D73 /* sms */,
             0x697263 /* irc */,
             0x69726373 /* ircs */,
             0x6D61676E6574 /* magnet */,
             0x66656564 /* feed */,
             0x786D7070 /* xmpp */,
             0x67656F /* geo */,
             0x676F70686572 /* gopher */,
             0x736970 /* sip */,
             0x77656263616C /* webcal */:
            return true
        default:
            return false
        }
    }
}

/// The properties of `Sanitizer.styleProperties`, packed lower-case in two words (bytes 0-7, 8-15).
enum HTMLStyleProperty {
    /// `font-size` and `line-height`, whose value may not be zero or less.
    static func isSize(_ hi: UInt64, _ lo: UInt64) -> Bool {
        (hi == 0x666F6E742D73697A && lo == 0x65) || (hi == 0x6C696E652D686569 && lo == 0x676874)
    }

    /// The property's name, or nil when it is not kept.
    static func name(_ hi: UInt64, _ lo: UInt64) -> StaticString? {
        switch (hi, lo) {
        case (0x636F6C6F72, 0x0): return "color"
        case (0x6261636B67726F75, 0x6E642D636F6C6F72): return "background-color"
        case (0x666F6E742D776569, 0x676874): return "font-weight"
        case (0x666F6E742D737479, 0x6C65): return "font-style"
        case (0x666F6E742D66616D, 0x696C79): return "font-family"
        case (0x666F6E742D766172, 0x69616E74): return "font-variant"
        case (0x746578742D616C69, 0x676E): return "text-align"
        case (0x746578742D646563, 0x6F726174696F6E): return "text-decoration"
        case (0x766572746963616C, 0x2D616C69676E): return "vertical-align"
        case (0x77686974652D7370, 0x616365): return "white-space"
        case (0x6C6973742D737479, 0x6C652D74797065): return "list-style-type"
        case (0x626F726465722D63, 0x6F6C6C61707365): return "border-collapse"
        case (0x626F72646572, 0x0): return "border"
        case (0x626F726465722D63, 0x6F6C6F72): return "border-color"
        case (0x626F726465722D73, 0x74796C65): return "border-style"
        case (0x626F726465722D77, 0x69647468): return "border-width"
        case (0x666F6E742D73697A, 0x65): return "font-size"
        case (0x6C696E652D686569, 0x676874): return "line-height"
        case (0x6C65747465722D73, 0x706163696E67): return "letter-spacing"
        case (0x776F72642D737061, 0x63696E67): return "word-spacing"
        case (0x746578742D747261, 0x6E73666F726D): return "text-transform"
        case (0x646972656374696F, 0x6E): return "direction"
        case (0x756E69636F64652D, 0x62696469): return "unicode-bidi"
        default: return nil
        }
    }
}
